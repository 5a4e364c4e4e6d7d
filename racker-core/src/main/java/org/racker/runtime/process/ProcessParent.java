package org.racker.runtime.process;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * The thread that starts nspawn. The kernel sends a parent-death signal when the parent
 * <em>thread</em> ends, not the parent process: a container started from a pool's worker
 * (JUnit's parallel execution, an executor) would be powered off as soon as the pool retired
 * that thread. This one lives as long as any process it started does, and ends after the last.
 */
public final class ProcessParent {
    private static final Object LOCK = new Object();
    private static final Deque<FutureTask<Process>> QUEUE = new ArrayDeque<>();
    private static int children;
    private static Thread thread;

    private ProcessParent() { }

    /** Starts {@code builder}'s process from this thread; waits for the start even if interrupted. */
    public static Process start(ProcessBuilder builder) throws IOException {
        FutureTask<Process> task = new FutureTask<>(builder::start);
        synchronized (LOCK) {
            QUEUE.add(task);
            if (thread == null) {
                thread = new Thread(ProcessParent::serve, "racker-process-parent");
                thread.setDaemon(true);
                thread.start();
            }
            LOCK.notifyAll();
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    // the process may be starting now: return it so the caller can stop it
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IllegalStateException("cannot start " + builder.command().get(0), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether {@code process} ended within {@code timeout}; an interrupt ends the wait early, the flag kept. */
    public static boolean waitQuietly(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static void serve() {
        while (true) {
            FutureTask<Process> task;
            synchronized (LOCK) {
                while (QUEUE.isEmpty()) {
                    if (children == 0) {
                        thread = null;
                        return;
                    }
                    try {
                        LOCK.wait();
                    } catch (InterruptedException e) {
                        // nobody else may end this thread: its children would go with it
                    }
                }
                task = QUEUE.poll();
            }
            task.run();
            if (!task.isCancelled()) {
                try {
                    Process p = task.get();
                    synchronized (LOCK) {
                        children++;
                    }
                    p.onExit().thenRun(ProcessParent::childEnded);
                } catch (ExecutionException | InterruptedException e) {
                    // the start failed: the caller has the exception, and there is no child to wait for
                }
            }
        }
    }

    private static void childEnded() {
        synchronized (LOCK) {
            children--;
            LOCK.notifyAll();
        }
    }
}

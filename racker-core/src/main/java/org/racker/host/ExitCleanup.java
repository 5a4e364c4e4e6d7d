package org.racker.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one shutdown hook racker adds to a JVM, registered with the first task: when a signal
 * ends the JVM, it runs every task still registered (tearing down containers, giving a
 * terminal back its mode), side by side. A hook per container would pile up in a long-lived
 * JVM (a test suite starts hundreds) and each add and remove takes the JVM's global hook lock.
 */
public final class ExitCleanup {
    private static final Set<Runnable> PENDING = ConcurrentHashMap.newKeySet();
    private static boolean hookAdded;

    private ExitCleanup() { }

    /** Runs {@code task} if the JVM ends before {@link #unregister} is called with the same object. */
    public static void register(Runnable task) {
        synchronized (ExitCleanup.class) {
            if (!hookAdded) {
                Runtime.getRuntime().addShutdownHook(new Thread(ExitCleanup::tearDownAll, "racker-exit-cleanup"));
                hookAdded = true;
            }
        }
        PENDING.add(task);
    }

    public static void unregister(Runnable task) {
        PENDING.remove(task);
    }

    /** How many tasks wait for the JVM's end: none once every container is closed. */
    public static int pendingCount() {
        return PENDING.size();
    }

    private static void tearDownAll() {
        List<Thread> threads = new ArrayList<>();
        for (Runnable task : List.copyOf(PENDING)) {
            // each stop may wait for its stop timeout: one after the other would add them up
            Thread t = new Thread(task, "racker-exit-task");
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

package org.racker.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one shutdown hook racker adds to a JVM, registered with the first container: when a
 * signal ends the JVM, it tears down every container still registered, side by side. A hook
 * per container would pile up in a long-lived JVM (a test suite starts hundreds) and each
 * add and remove takes the JVM's global hook lock.
 */
public final class ExitCleanup {
    /** What tears one container or VM down when a signal ends the JVM. */
    public interface Hook {
        void onSignal();
    }

    private static final Set<Hook> PENDING = ConcurrentHashMap.newKeySet();
    private static boolean hookAdded;

    private ExitCleanup() { }

    public static void register(Hook teardown) {
        synchronized (ExitCleanup.class) {
            if (!hookAdded) {
                Runtime.getRuntime().addShutdownHook(new Thread(ExitCleanup::tearDownAll, "racker-exit-cleanup"));
                hookAdded = true;
            }
        }
        PENDING.add(teardown);
    }

    public static void unregister(Hook teardown) {
        PENDING.remove(teardown);
    }

    private static void tearDownAll() {
        List<Thread> threads = new ArrayList<>();
        for (Hook teardown : List.copyOf(PENDING)) {
            // each stop may wait for its stop timeout: one after the other would add them up
            Thread t = new Thread(teardown::onSignal, "racker-teardown");
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

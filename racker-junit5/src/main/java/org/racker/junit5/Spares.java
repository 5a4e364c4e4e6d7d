package org.racker.junit5;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.racker.RackerException;
import org.racker.api.Container;

/**
 * Containers of one test class booted ahead: when a second test of the class asks for a
 * fresh container of some {@link OsContainer} declaration, the next one is booted on a thread
 * of its own while that test runs, and the test after takes it ready. A class of one test
 * boots no spare; a class of many boots one more container than it uses, removed when the
 * class ends.
 *
 * <p>A spare that failed to boot is not reported: the test that would have taken it starts a
 * container the usual way and fails with that start's own error.
 */
@SuppressWarnings("deprecation") // CloseableResource: what JUnit before 5.13 closes; later ones close AutoCloseable
final class Spares implements AutoCloseable, ExtensionContext.Store.CloseableResource {
    /** How a spare is booted: {@code Racker.start} of the declaration's configuration. */
    interface Starter {
        Container start() throws RackerException;
    }

    private final Map<Object, Deque<Spare>> ready = new HashMap<>();
    private final Set<Object> seen = new HashSet<>();
    private boolean closed;

    /**
     * A container booted ahead for {@code key}, once it has booted, or null when there is none
     * (or its boot failed). Then, from the second call for a key on, boots the next spare.
     */
    Container take(Object key, Starter starter) throws InterruptedException {
        Spare spare;
        synchronized (this) {
            if (closed) {
                return null;
            }
            Deque<Spare> spares = ready.get(key);
            spare = spares == null ? null : spares.poll();
            if (!seen.add(key) || spare != null) {
                ready.computeIfAbsent(key, k -> new ArrayDeque<>()).add(new Spare(starter));
            }
        }
        return spare == null ? null : spare.container();
    }

    /** Ends the boots under way and removes every spare no test took. */
    @Override
    public void close() {
        List<Spare> left = new ArrayList<>();
        synchronized (this) {
            closed = true;
            ready.values().forEach(left::addAll);
            ready.clear();
        }
        left.forEach(Spare::discard);
    }

    /** One container booting, or booted, on a thread of its own. */
    private static final class Spare {
        private final Thread thread;
        private volatile Container container;

        Spare(Starter starter) {
            thread = new Thread(() -> {
                try {
                    container = starter.start();
                } catch (RackerException | RuntimeException e) {
                    // the taker starts its own container and reports that start's failure
                }
            }, "racker-spare");
            thread.setDaemon(true);
            thread.start();
        }

        /** The container once booted; null if its boot failed. */
        Container container() throws InterruptedException {
            thread.join();
            return container;
        }

        /** Interrupts a boot under way (which removes what it started) and removes a booted container. */
        void discard() {
            thread.interrupt();
            boolean interrupted = false;
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (container != null) {
                container.close();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

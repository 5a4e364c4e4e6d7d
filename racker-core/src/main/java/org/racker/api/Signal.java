package org.racker.api;

import org.racker.InvalidArgumentException;

/**
 * A signal for a container's main process ({@link Containers#kill}, {@link Containers#stop}),
 * as users name it to {@code kill -s}: {@code KILL}, {@code SIGKILL}, {@code 9}, or a real-time
 * one ({@code RTMIN+3}, which a booted systemd takes as "halt"). Numbers are Linux's.
 *
 * @param number the signal's number, 1 to 64
 */
public record Signal(int number) {
    /** Ends the whole container at once. */
    public static final Signal KILL = new Signal(9);
    /** An app's command's request to end. */
    public static final Signal TERM = new Signal(15);

    public Signal {
        // the runtime's value knows which numbers are signals; it says why one is not
        new org.racker.runtime.process.Signal(number);
    }

    /** A name, with or without SIG, in any case, or a number. */
    public static Signal parse(String text) throws InvalidArgumentException {
        return new Signal(org.racker.runtime.process.Signal.parse(text).number());
    }

    org.racker.runtime.process.Signal toRuntime() {
        return new org.racker.runtime.process.Signal(number);
    }

    /** {@code SIG} and the name kill(1) prints: SIGTERM, SIGRTMIN+3. */
    @Override
    public String toString() {
        return toRuntime().toString();
    }
}

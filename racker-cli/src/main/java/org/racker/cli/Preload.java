package org.racker.cli;

import org.racker.nativeio.NativeCalls;

/**
 * Work a launcher starts on a thread of its own before it parses its command line, for
 * commands that will need it: the machine's second core does it meanwhile. Only the
 * launchers' main methods use it, never the in-process entry points tests drive.
 */
final class Preload {
    private Preload() { }

    /** The libc bindings a container's start needs (see {@link NativeCalls}). */
    static void nativeCalls() {
        Thread t = new Thread(NativeCalls::preload, "racker-preload");
        t.setDaemon(true);
        t.start();
    }
}

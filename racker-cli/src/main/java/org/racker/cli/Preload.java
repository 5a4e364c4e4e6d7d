package org.racker.cli;

import org.racker.nativeio.NativeCalls;

/**
 * Work a launcher starts on a thread of its own before it parses its command line, for
 * commands that will need it: the machine's second core does it meanwhile. Only the
 * launchers' main methods use it, never the in-process entry points tests drive.
 */
final class Preload {
    private Preload() { }

    /**
     * The JDK's HttpClient moves a body in buffers of this size (16 kB unless set), each
     * through a chain of reactive stages: at 256 kB a layer costs about a quarter less CPU
     * with the launcher's C1-only JIT. Read once, when the client classes load, so set by the
     * launchers before anything runs; a value the user set wins. A JVM that uses racker as a
     * library keeps its own setting.
     */
    static void httpBuffers() {
        if (System.getProperty("jdk.httpclient.bufsize") == null) {
            System.setProperty("jdk.httpclient.bufsize", Integer.toString(256 * 1024));
        }
    }

    /** The libc bindings a container's start needs (see {@link NativeCalls}). */
    static void nativeCalls() {
        Thread t = new Thread(NativeCalls::preload, "racker-preload");
        t.setDaemon(true);
        t.start();
    }
}

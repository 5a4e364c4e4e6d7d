package org.racker.nativeio;

/**
 * Loads racker's libc bindings ahead of their first use. A launcher that knows its command
 * boots a container calls this from a thread of its own at start: JNA's set-up (its native
 * library, a proxy class per binding) then runs on the second core while the command line
 * is parsed, instead of on the way to starting nspawn.
 */
public final class NativeCalls {
    private NativeCalls() { }

    /** Makes the shared file-call binding and a libc binding; any failure is left to their real first use. */
    public static void preload() {
        try {
            FileCalls.get();
            LibC.load();
            new LibC.SockaddrUn();
        } catch (RuntimeException | LinkageError e) {
            // the first real use reports it, with its context
        }
    }
}

package org.racker.nativeio;

/**
 * Loads racker's libc bindings ahead of their first use. A launcher that knows its command
 * boots a container calls this from a thread of its own at start: JNA's set-up (its native
 * library, a proxy class per binding) then runs on the second core while the command line
 * is parsed, instead of on the way to starting nspawn.
 */
public final class NativeCalls {
    private NativeCalls() { }

    /**
     * Makes the shared file-call binding and a libc binding, and goes once through what a
     * container's start calls first: an openat2 (the root's checks resolve in it), whose
     * structure's layout JNA works out on first use. Any failure is left to the real first use.
     */
    public static void preload() {
        try {
            FileCalls files = FileCalls.get();
            FileCalls.OpenHow how = new FileCalls.OpenHow();
            how.flags = FileCalls.O_PATH | FileCalls.O_CLOEXEC;
            how.resolve = FileCalls.RESOLVE_IN_ROOT;
            how.write();
            int fd = files.syscall(FileCalls.SYS_OPENAT2, FileCalls.AT_FDCWD, "/", how, how.size());
            files.close(fd);
            LibC.load();
            new LibC.SockaddrUn();
        } catch (RuntimeException | LinkageError e) {
            // the first real use reports it, with its context
        }
    }
}

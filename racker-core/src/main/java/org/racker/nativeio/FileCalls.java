package org.racker.nativeio;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;

/**
 * The file calls that work relative to a directory held open, for copying in and out of a
 * container without ever resolving a path the container controls on the host's side:
 * openat2 with RESOLVE_IN_ROOT (glibc 2.36 has no wrapper: through syscall), openat with
 * O_NOFOLLOW, mkdirat, fchmod, fchown.
 */
public interface FileCalls extends Library {
    /** openat2's number, the same on x86-64 and arm64 (new system calls share one table). */
    long SYS_OPENAT2 = 437;
    int AT_FDCWD = -100;
    long RESOLVE_NO_MAGICLINKS = 0x02;
    long RESOLVE_IN_ROOT = 0x10;
    int O_RDONLY = 0;
    int O_WRONLY = 1;
    int O_CREAT = 0100;
    int O_EXCL = 0200;
    int O_CLOEXEC = 02000000;
    int O_PATH = 010000000;
    boolean ARM64 = "aarch64".equals(System.getProperty("os.arch"));
    int O_DIRECTORY = ARM64 ? 040000 : 0200000;
    int O_NOFOLLOW = ARM64 ? 0100000 : 0400000;
    int ENOENT = 2;
    int ENOTDIR = 20;
    int ELOOP = 40;
    int EEXIST = 17;
    int EAGAIN = 11;
    int EXDEV = 18;

    static FileCalls load() {
        return Native.load("libc.so.6", FileCalls.class);
    }

    /** The process's one binding, made on first use (a JNA proxy costs milliseconds to build). */
    static FileCalls get() {
        return Shared.INSTANCE;
    }

    /** Holds the shared binding; initialised by the JVM on first access, so lazily and once. */
    final class Shared {
        static final FileCalls INSTANCE = load();

        private Shared() { }
    }

    int syscall(long number, int dirfd, String path, OpenHow how, long size) throws LastErrorException;

    int openat(int dirfd, String path, int flags, int mode) throws LastErrorException;

    int mkdirat(int dirfd, String path, int mode) throws LastErrorException;

    int fchmod(int fd, int mode) throws LastErrorException;

    int fchown(int fd, int uid, int gid) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    /** For the host's side of a copy, whose paths are the user's own. */
    int chmod(String path, int mode) throws LastErrorException;

    int lchown(String path, int uid, int gid) throws LastErrorException;

    /** struct open_how. */
    @Structure.FieldOrder({"flags", "mode", "resolve"})
    class OpenHow extends Structure {
        public long flags;
        public long mode;
        public long resolve;
    }
}

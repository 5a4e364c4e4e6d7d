package org.racker.layer;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The libc calls the unpacker needs and JDK 17 lacks: non-{@code user.*} xattrs
 * ({@code UserDefinedFileAttributeView} silently prefixes {@code user.}), mknod, and the
 * {@code l*} variants that act on a symlink itself. Paths go in as NUL-terminated UTF-8 so
 * that JNA's default string encoding (the locale's) never gets a say; {@link LayerUnpacker}
 * refuses to run when the JVM's own path encoding is not UTF-8 either.
 *
 * <p>Bound with JNA's direct mapping ({@code Native.register}): a call costs little more than
 * the system call, where the interface mapping's proxy, reflection and argument conversion
 * cost several times that, and an image has a few calls per file for thousands of files.
 * libc is loaded by file name, which dlopen finds without JNA's search path (racker's
 * launchers also keep JNA from running {@code ldconfig -p} to make that path).
 *
 * <p>{@code mknod} is a real symbol only since glibc 2.33 (older ones export
 * {@code __xmknod}); every distribution racker supports as a host has a newer glibc.
 */
final class PosixCalls {
    static final int AT_FDCWD = -100;
    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int S_IFIFO = 0010000;
    static final int S_IFCHR = 0020000;
    static final int S_IFBLK = 0060000;
    static final int ENOENT = 2;
    static final int EEXIST = 17;
    static final int ENOTDIR = 20;
    static final int EINVAL = 22;
    static final int ERANGE = 34;
    static final int ENODATA = 61;
    static final int EOPNOTSUPP = 95;
    static final int RENAME_NOREPLACE = 1;
    static final int PRIO_PROCESS = 0;

    static {
        Native.register(PosixCalls.class, NativeLibrary.getInstance("libc.so.6"));
    }

    private PosixCalls() {
    }

    static native int lchown(byte[] path, int uid, int gid) throws LastErrorException;

    static native int chmod(byte[] path, int mode) throws LastErrorException;

    static native int mknod(byte[] path, int mode, long dev) throws LastErrorException;

    static native int symlink(byte[] target, byte[] linkPath) throws LastErrorException;

    /** glibc 2.28 and later; {@link #RENAME_NOREPLACE} fails with EEXIST instead of replacing. */
    static native int renameat2(int oldDirFd, byte[] oldPath, int newDirFd, byte[] newPath, int flags)
            throws LastErrorException;

    static native long readlink(byte[] path, byte[] buffer, long size) throws LastErrorException;

    /** {@code times} is {@code struct timespec[2]}: atime sec, nsec, mtime sec, nsec. */
    static native int utimensat(int dirFd, byte[] path, long[] times, int flags) throws LastErrorException;

    static native int lsetxattr(byte[] path, byte[] name, byte[] value, long size, int flags)
            throws LastErrorException;

    static native long lgetxattr(byte[] path, byte[] name, byte[] value, long size) throws LastErrorException;

    static native long llistxattr(byte[] path, byte[] list, long size) throws LastErrorException;

    static native int lremovexattr(byte[] path, byte[] name) throws LastErrorException;

    /** glibc 2.30 and later: the calling thread's id, what setpriority takes for one thread. */
    static native int gettid();

    /** With PRIO_PROCESS and a thread id, Linux sets that thread's nice value. */
    static native int setpriority(int which, int who, int prio) throws LastErrorException;

    static byte[] cString(Path path) {
        return cString(path.toString());
    }

    static byte[] cString(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        byte[] terminated = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, terminated, 0, bytes.length);
        return terminated;
    }

    /** glibc's makedev(3) for Linux's 64-bit dev_t. */
    static long makedev(long major, long minor) {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8)
                | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }
}

package org.racker.layer;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The libc calls the unpacker needs and JDK 17 lacks: non-{@code user.*} xattrs
 * ({@code UserDefinedFileAttributeView} silently prefixes {@code user.}), mknod, and the
 * {@code l*} variants that act on a symlink itself. Paths go in as NUL-terminated UTF-8 so
 * that JNA's default string encoding (the locale's) never gets a say; {@link LayerUnpacker}
 * refuses to run when the JVM's own path encoding is not UTF-8 either.
 *
 * <p>{@code mknod} is a real symbol only since glibc 2.33 (older ones export
 * {@code __xmknod}); every distribution racker supports as a host has a newer glibc.
 */
interface PosixCalls extends Library {
    int AT_FDCWD = -100;
    int AT_SYMLINK_NOFOLLOW = 0x100;
    int S_IFIFO = 0010000;
    int S_IFCHR = 0020000;
    int S_IFBLK = 0060000;
    int ENOENT = 2;
    int ENOTDIR = 20;
    int ERANGE = 34;
    int ENODATA = 61;
    int EOPNOTSUPP = 95;

    PosixCalls INSTANCE = Native.load("libc.so.6", PosixCalls.class); // by file name: "c" makes JNA run ldconfig -p

    int lchown(byte[] path, int uid, int gid) throws LastErrorException;

    int chmod(byte[] path, int mode) throws LastErrorException;

    int mknod(byte[] path, int mode, long dev) throws LastErrorException;

    int symlink(byte[] target, byte[] linkPath) throws LastErrorException;

    long readlink(byte[] path, byte[] buffer, long size) throws LastErrorException;

    /** {@code times} is {@code struct timespec[2]}: atime sec, nsec, mtime sec, nsec. */
    int utimensat(int dirFd, byte[] path, long[] times, int flags) throws LastErrorException;

    int lsetxattr(byte[] path, byte[] name, byte[] value, long size, int flags) throws LastErrorException;

    long lgetxattr(byte[] path, byte[] name, byte[] value, long size) throws LastErrorException;

    long llistxattr(byte[] path, byte[] list, long size) throws LastErrorException;

    int lremovexattr(byte[] path, byte[] name) throws LastErrorException;

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

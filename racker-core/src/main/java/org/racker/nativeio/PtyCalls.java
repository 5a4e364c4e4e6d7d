package org.racker.nativeio;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;

/** Pseudo-terminal calls: unlocking a master, opening its peer, window sizes, raw reads and writes. */
public interface PtyCalls extends Library {
    long TIOCSPTLCK = 0x40045431L;
    long TIOCGPTPEER = 0x5441L;
    long TIOCGWINSZ = 0x5413L;
    long TIOCSWINSZ = 0x5414L;
    int O_RDWR = 2;
    int O_NOCTTY = 0400;
    int EIO = 5;
    int EINTR = 4;

    static PtyCalls load() {
        return Native.load("libc.so.6", PtyCalls.class);
    }

    int ioctl(int fd, long request, int[] value) throws LastErrorException;

    int ioctl(int fd, long request, long value) throws LastErrorException;

    int ioctl(int fd, long request, Winsize size) throws LastErrorException;

    int isatty(int fd);

    long read(int fd, byte[] buffer, long count) throws LastErrorException;

    long write(int fd, byte[] buffer, long count) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    /** struct winsize. */
    @Structure.FieldOrder({"ws_row", "ws_col", "ws_xpixel", "ws_ypixel"})
    class Winsize extends Structure {
        public short ws_row;
        public short ws_col;
        public short ws_xpixel;
        public short ws_ypixel;
    }
}

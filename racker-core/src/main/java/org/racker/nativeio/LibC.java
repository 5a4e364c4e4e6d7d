package org.racker.nativeio;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;

/**
 * The few libc calls the JDK 17 does not offer: AF_UNIX datagram sockets (systemd's notify
 * protocol), FIFOs and signals other than TERM and KILL. Loaded on first use only, so commands that never boot pay nothing for it.
 */
public interface LibC extends Library {
    int AF_UNIX = 1;
    int SOCK_DGRAM = 2;
    int SOCK_CLOEXEC = 02000000;
    int SOL_SOCKET = 1;
    int SO_RCVTIMEO = 20;
    int EAGAIN = 11;
    int EINTR = 4;

    static LibC load() {
        return Native.load("libc.so.6", LibC.class); // by file name: "c" makes JNA run ldconfig -p
    }

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, SockaddrUn address, int length) throws LastErrorException;

    int setsockopt(int fd, int level, int option, Timeval value, int length) throws LastErrorException;

    int recv(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

    int sendto(int fd, byte[] buffer, long length, int flags, SockaddrUn address, int addressLength)
            throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int mkfifo(String path, int mode) throws LastErrorException;

    /** kill(2): the JDK sends only SIGTERM and SIGKILL. */
    int kill(int pid, int signal) throws LastErrorException;

    /** struct sockaddr_un. */
    @Structure.FieldOrder({"sun_family", "sun_path"})
    class SockaddrUn extends Structure {
        public short sun_family;
        public byte[] sun_path = new byte[108];
    }

    /** struct timeval. */
    @Structure.FieldOrder({"tv_sec", "tv_usec"})
    class Timeval extends Structure {
        public long tv_sec;
        public long tv_usec;
    }
}

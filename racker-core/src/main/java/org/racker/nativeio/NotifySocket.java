package org.racker.nativeio;

import com.sun.jna.LastErrorException;
import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * A datagram socket in the abstract AF_UNIX namespace that speaks systemd's notify protocol
 * (sd_notify(3)): nspawn, given it as {@code $NOTIFY_SOCKET}, reports the container's leader
 * pid and, with {@code --notify-ready=yes}, READY=1 once systemd inside is up. An abstract
 * address needs no file, so nothing is left behind whatever way racker ends.
 */
public final class NotifySocket implements Closeable {
    private static final Duration RECEIVE_SLICE = Duration.ofMillis(250);

    private final LibC libc;
    private final String name;
    private final int fd;
    private volatile boolean closed;

    private NotifySocket(LibC libc, String name, int fd) {
        this.libc = libc;
        this.name = name;
        this.fd = fd;
    }

    /** Binds a fresh socket named {@code name} in the abstract namespace. */
    public static NotifySocket bind(String name) {
        LibC libc = LibC.load();
        int fd = libc.socket(LibC.AF_UNIX, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        try {
            LibC.SockaddrUn address = address(name);
            libc.bind(fd, address, addressLength(name));
            LibC.Timeval timeout = new LibC.Timeval();
            timeout.tv_sec = 0;
            timeout.tv_usec = RECEIVE_SLICE.toMillis() * 1000;
            libc.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, timeout, timeout.size());
            return new NotifySocket(libc, name, fd);
        } catch (LastErrorException e) {
            libc.close(fd);
            throw e;
        }
    }

    /** The value for {@code $NOTIFY_SOCKET}: systemd writes abstract addresses with a leading '@'. */
    public String environmentValue() {
        return "@" + name;
    }

    /**
     * The next datagram, or empty when none arrived within {@code timeout}. A short receive
     * timeout lets the loop notice {@link #close()} and the deadline without a busy wait.
     */
    public Optional<NotifyMessage> receive(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buffer = new byte[4096];
        while (!closed) {
            try {
                int n = libc.recv(fd, buffer, buffer.length, 0);
                return Optional.of(NotifyMessage.parse(new String(buffer, 0, n, StandardCharsets.UTF_8)));
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.EAGAIN && e.getErrorCode() != LibC.EINTR) {
                    throw e;
                }
            }
            if (System.nanoTime() >= deadline) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Sends a datagram to this socket: how another thread wakes a blocked {@link #receive}. */
    public void wake(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        int sender = libc.socket(LibC.AF_UNIX, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        try {
            libc.sendto(sender, bytes, bytes.length, 0, address(name), addressLength(name));
        } catch (LastErrorException e) {
            // The receiver is gone already; there is nobody left to wake.
        } finally {
            libc.close(sender);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            libc.close(fd);
        }
    }

    private static LibC.SockaddrUn address(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length + 1 > 108) {
            throw new IllegalArgumentException("socket name too long: " + name);
        }
        LibC.SockaddrUn address = new LibC.SockaddrUn();
        address.sun_family = LibC.AF_UNIX;
        // sun_path[0] stays 0: that is what makes the address abstract.
        System.arraycopy(bytes, 0, address.sun_path, 1, bytes.length);
        return address;
    }

    private static int addressLength(String name) {
        return 2 + 1 + name.getBytes(StandardCharsets.UTF_8).length;
    }
}

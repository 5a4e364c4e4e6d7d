package org.racker.runtime.exec;

import com.sun.jna.LastErrorException;
import java.nio.file.Path;
import org.racker.RackerException;
import org.racker.nativeio.FileCalls;
import org.racker.nativeio.PtyCalls;
import org.racker.runtime.files.ContainerFileCopy;

/**
 * A pseudo-terminal of a container's own devpts, for {@code exec -t} in a container without
 * a service manager to make one (systemd-run --pty does it in booted ones). The master is
 * opened through the container's root, so the command's terminal is one its /dev knows
 * (tty(1) names it), and racker relays between it and the user's terminal.
 */
final class ContainerPty implements AutoCloseable {
    private final PtyCalls pty;
    private final int master;
    private int peer;

    private ContainerPty(PtyCalls pty, int master, int peer) {
        this.pty = pty;
        this.master = master;
        this.peer = peer;
    }

    static ContainerPty open(Path containerRoot) throws RackerException {
        FileCalls files = FileCalls.load();
        PtyCalls pty = PtyCalls.load();
        int master;
        try {
            master = ContainerFileCopy.openInRoot(files, containerRoot, "/dev/pts/ptmx", PtyCalls.O_RDWR | PtyCalls.O_NOCTTY);
        } catch (LastErrorException e) {
            throw new RackerException("cannot open a terminal in the container (its /dev/pts/ptmx): " + e.getMessage());
        }
        try {
            pty.ioctl(master, PtyCalls.TIOCSPTLCK, new int[] {0});
            int peer = pty.ioctl(master, PtyCalls.TIOCGPTPEER, (long) (PtyCalls.O_RDWR | PtyCalls.O_NOCTTY | FileCalls.O_CLOEXEC));
            return new ContainerPty(pty, master, peer);
        } catch (LastErrorException e) {
            pty.close(master);
            throw new RackerException("cannot open a terminal in the container: " + e.getMessage());
        }
    }

    PtyCalls calls() {
        return pty;
    }

    int master() {
        return master;
    }

    /** The terminal's other end, as a path the command's stdio can be opened from. */
    Path peerPath() {
        return Path.of("/proc/self/fd/" + peer);
    }

    /** Once the command holds the peer: racker's copy must go, or the master never sees the end. */
    void releasePeer() {
        if (peer >= 0) {
            pty.close(peer);
            peer = -1;
        }
    }

    /** Gives the container's terminal the size of the terminal on {@code fd}, if it is one. */
    void takeSizeFrom(int fd) {
        PtyCalls.Winsize size = new PtyCalls.Winsize();
        try {
            pty.ioctl(fd, PtyCalls.TIOCGWINSZ, size);
            pty.ioctl(master, PtyCalls.TIOCSWINSZ, size);
        } catch (LastErrorException e) {
            // not a terminal: the container's keeps its default size
        }
    }

    @Override
    public void close() {
        releasePeer();
        pty.close(master);
    }
}

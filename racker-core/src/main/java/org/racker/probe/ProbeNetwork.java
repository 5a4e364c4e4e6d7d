package org.racker.probe;

import java.util.function.Consumer;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.host.HostInfo;
import org.racker.host.HostProbe;
import org.racker.host.HostUnsupportedException;
import org.racker.runtime.network.NetworkMode;

/**
 * The network of a probe's machine. A container's is private by default, so that probes of
 * services listening on the same port run side by side; where slirp4netns is missing it is the
 * host's, as before, unless a private one was asked for. A VM always has its own (QEMU's user
 * mode). Never loopback only: a probe's packages come from the mirror.
 */
public final class ProbeNetwork {
    /** A VM's own network, which behaves as a container's private one. */
    static final ProbeNetwork VM = new ProbeNetwork(NetworkMode.PRIVATE);

    private final NetworkMode mode;

    private ProbeNetwork(NetworkMode mode) {
        this.mode = mode;
    }

    /**
     * A container probe's network as the user asked ({@code requested}: its {@code --network},
     * null when not given), checked against this host; where the default falls back to the
     * host's network, {@code notices} is told why.
     */
    public static ProbeNetwork of(String requested, Consumer<String> notices) throws RackerException {
        return of(requested, new HostProbe().probe(), notices);
    }

    static ProbeNetwork of(String requested, HostInfo host, Consumer<String> notices) throws RackerException {
        if (requested == null) {
            if (host.slirp4netns().isPresent()) {
                return new ProbeNetwork(NetworkMode.PRIVATE);
            }
            notices.accept("slirp4netns is not installed, so probes share the host's network"
                    + " (--network host); install slirp4netns for private networks");
            return new ProbeNetwork(NetworkMode.HOST);
        }
        NetworkMode mode = NetworkMode.parse(requested);
        if (mode == NetworkMode.NONE) {
            throw new InvalidArgumentException("invalid --network \"" + requested
                    + "\" for a probe, whose packages come from the mirror: use private or host");
        }
        if (mode == NetworkMode.PRIVATE && host.slirp4netns().isEmpty()) {
            throw new HostUnsupportedException(HostInfo.NO_SLIRP4NETNS);
        }
        return new ProbeNetwork(mode);
    }

    NetworkMode mode() {
        return mode;
    }

    /** The network's name, as records and reports show it: host, none or private. */
    public String label() {
        return mode.label();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProbeNetwork other && other.mode == mode;
    }

    @Override
    public int hashCode() {
        return mode.hashCode();
    }

    @Override
    public String toString() {
        return mode.label();
    }
}

package org.racker.cli;

import java.io.PrintWriter;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.host.HostInfo;
import org.racker.host.HostUnsupportedException;
import org.racker.runtime.network.NetworkMode;

/**
 * The network of postroj's probe containers. Private by default, so that probes of services
 * listening on the same port run side by side; where slirp4netns is missing, the host's
 * network, as before, unless the user asked for a private one.
 */
public final class ProbeNetworkOption {
    String requested;

    CommandModel declareOn(CommandModel command) {
        return command.add(CommandModel.option(String.class, v -> requested = v, "--network", "--net")
                .paramLabel("MODE").description("private: a network of the container's own, out through slirp4netns"
                        + " (the default when slirp4netns is installed); host: the host's network (the default"
                        + " without it)."));
    }

    NetworkMode resolve(HostInfo host, PrintWriter err) throws RackerException {
        if (requested == null) {
            if (host.slirp4netns().isPresent()) {
                return NetworkMode.PRIVATE;
            }
            err.println("postroj: slirp4netns is not installed, so probes share the host's network"
                    + " (--network host); install slirp4netns for private networks");
            err.flush();
            return NetworkMode.HOST;
        }
        NetworkMode mode = NetworkMode.parse(requested);
        if (mode == NetworkMode.NONE) {
            throw new InvalidArgumentException("invalid --network \"" + requested
                    + "\" for a probe, whose packages come from the mirror: use private or host");
        }
        if (mode == NetworkMode.PRIVATE && host.slirp4netns().isEmpty()) {
            throw new HostUnsupportedException(HostInfo.NO_SLIRP4NETNS);
        }
        return mode;
    }
}

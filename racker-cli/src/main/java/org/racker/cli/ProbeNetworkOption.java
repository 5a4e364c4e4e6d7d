package org.racker.cli;

/**
 * The network of postroj's probe containers, as {@code --network} asks (null when not given);
 * {@link org.racker.probe.ProbeNetwork} says what it means on this host.
 */
public final class ProbeNetworkOption {
    String requested;

    CommandModel declareOn(CommandModel command) {
        return command.add(CommandModel.option(String.class, v -> requested = v, "--network", "--net")
                .paramLabel("MODE").description("private: a network of the container's own, out through slirp4netns"
                        + " (the default when slirp4netns is installed); host: the host's network (the default"
                        + " without it)."));
    }
}

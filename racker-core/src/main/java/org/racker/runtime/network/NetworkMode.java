package org.racker.runtime.network;

import java.util.Locale;
import org.racker.InvalidArgumentException;

/**
 * The network a container gets. Docker's and podman's spellings are taken where they mean the
 * same: {@code host} and {@code none} as both have them, and podman's {@code slirp4netns} as
 * another name for {@code private}, which is how it is built.
 */
public enum NetworkMode {
    /** The host's own network namespace, as racker always did: services bind the host's ports. */
    HOST("host"),
    /** A namespace of its own with only a loopback interface: no way out. */
    NONE("none"),
    /**
     * A namespace of its own with outbound access through slirp4netns (user-mode NAT), so that
     * packages install from the mirror while ports stay private to the container.
     */
    PRIVATE("private");

    private final String label;

    NetworkMode(String label) {
        this.label = label;
    }

    /** The name shown in records and {@code inspect}. */
    public String label() {
        return label;
    }

    /** Whether the container gets a network namespace of its own. */
    public boolean isolated() {
        return this != HOST;
    }

    public static NetworkMode parse(String value) throws InvalidArgumentException {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "host" -> HOST;
            case "none" -> NONE;
            case "private", "slirp4netns" -> PRIVATE;
            default -> throw new InvalidArgumentException("invalid --network \"" + value
                    + "\": use host, none or private (alias slirp4netns)");
        };
    }

    /** The mode of a stored record; records written before networks had modes shared the host's. */
    public static NetworkMode ofLabel(String label) {
        for (NetworkMode mode : values()) {
            if (mode.label.equals(label)) {
                return mode;
            }
        }
        return HOST;
    }
}

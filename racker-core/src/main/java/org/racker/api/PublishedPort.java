package org.racker.api;

import java.util.Objects;
import org.racker.runtime.network.PortMapping;

/**
 * A container port published on the host, with the host port racker settled on at start.
 *
 * @param hostIp the host address it is reachable on, {@code 0.0.0.0} for every one
 * @param protocol {@code tcp} or {@code udp}
 */
public record PublishedPort(String hostIp, int hostPort, int containerPort, String protocol) {
    public PublishedPort {
        Objects.requireNonNull(hostIp, "hostIp");
        Objects.requireNonNull(protocol, "protocol");
    }

    static PublishedPort of(PortMapping p) {
        return new PublishedPort(p.hostIp(), p.hostPort(), p.containerPort(), p.protocol());
    }

    /** Docker's key for the container's side: {@code 80/tcp}. */
    public String containerKey() {
        return containerPort + "/" + protocol;
    }

    /** The host's side as docker prints it: {@code 0.0.0.0:8080}. */
    public String hostAddress() {
        return hostIp + ":" + hostPort;
    }

    /** As docker's {@code ps} shows it: {@code 0.0.0.0:8080->80/tcp}. */
    public String display() {
        return hostAddress() + "->" + containerKey();
    }
}

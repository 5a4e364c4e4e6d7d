package org.racker.runtime;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.racker.InvalidArgumentException;

/**
 * The host's side of published ports, settled before anything of the container exists: a
 * port another program holds fails the run at once, with nothing to undo, and a port left
 * to racker (host port 0) gets a free one now, so the container's record names the port its
 * users connect to, detached containers included. slirp4netns binds the same ports moments
 * later; a program taking one in between makes that bind fail, which fails the start too.
 */
final class HostPorts {
    private HostPorts() { }

    /** The mappings with every host port chosen; fails on a port in use or given twice. */
    static List<PortMapping> claim(List<PortMapping> requested) throws ContainerStartException, InvalidArgumentException {
        List<PortMapping> claimed = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (PortMapping p : requested) {
            PortMapping resolved = p.onHostPort(bind(p));
            if (p.hostPort() != 0 && !seen.add(resolved.hostAddress() + "/" + p.protocol())) {
                throw new InvalidArgumentException("host port " + resolved.hostAddress() + "/" + p.protocol()
                        + " is published twice; give each -p a host port of its own");
            }
            claimed.add(resolved);
        }
        return claimed;
    }

    /** Binds the mapping's host address and port once, as slirp4netns will, and returns the port bound. */
    private static int bind(PortMapping p) throws ContainerStartException {
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(InetAddress.getByName(p.hostIp()), p.hostPort());
        } catch (IOException e) {
            throw new ContainerStartException("cannot publish " + p.hostAddress() + ": " + e.getMessage());
        }
        try {
            if (p.protocol().equals("udp")) {
                try (DatagramSocket s = new DatagramSocket(address)) {
                    return s.getLocalPort();
                }
            }
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true); // as slirp4netns binds: a port in TIME_WAIT is free
                s.bind(address);
                return s.getLocalPort();
            }
        } catch (BindException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("Cannot assign requested address")) {
                throw new ContainerStartException("cannot publish " + p.hostAddress() + "/" + p.protocol() + ": "
                        + p.hostIp() + " is not an address of this host");
            }
            if (message.contains("Permission denied")) {
                throw new ContainerStartException("cannot publish " + p.hostAddress() + "/" + p.protocol()
                        + ": permission denied binding the host port");
            }
            throw new ContainerStartException("cannot publish " + p.hostAddress() + "/" + p.protocol()
                    + ": the host port is already in use; choose another, or give only the container port (-p "
                    + p.containerPort() + (p.protocol().equals("tcp") ? "" : "/" + p.protocol()) + ") for any free one");
        } catch (IOException e) {
            throw new ContainerStartException("cannot publish " + p.hostAddress() + "/" + p.protocol() + ": "
                    + e.getMessage());
        }
    }
}

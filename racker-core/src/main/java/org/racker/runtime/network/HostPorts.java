package org.racker.runtime.network;

import java.io.Closeable;
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
import org.racker.runtime.process.ContainerStartException;

/**
 * The host's side of published ports, settled before anything of the container exists: a
 * port another program holds fails the run at once, with nothing to undo, and a port left
 * to racker (host port 0) gets a free one now, so the container's record names the port its
 * users connect to, detached containers included. slirp4netns binds the same ports moments
 * later; a program taking one in between makes that bind fail, which fails the start too.
 */
public final class HostPorts {
    private HostPorts() { }

    /** The mappings with every host port chosen; fails on a port in use or given twice. */
    public static List<PortMapping> claim(List<PortMapping> requested) throws ContainerStartException, InvalidArgumentException {
        List<PortMapping> claimed = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        // all held until all are bound: two ports left to racker never get the same one
        List<Closeable> held = new ArrayList<>();
        try {
            for (PortMapping p : requested) {
                if (p.hostPort() != 0 && !seen.add(p.hostAddress() + "/" + p.protocol())) {
                    throw new InvalidArgumentException("host port " + p.hostAddress() + "/" + p.protocol()
                            + " is published twice; give each -p a host port of its own");
                }
                Closeable socket = bind(p);
                held.add(socket);
                claimed.add(p.onHostPort(socket instanceof ServerSocket s ? s.getLocalPort()
                        : ((DatagramSocket) socket).getLocalPort()));
            }
        } finally {
            for (Closeable socket : held) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // a socket that does not close is closed when the JVM ends
                }
            }
        }
        return claimed;
    }

    /** Binds the mapping's host address and port as slirp4netns will; the caller closes the socket. */
    private static Closeable bind(PortMapping p) throws ContainerStartException {
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(InetAddress.getByName(p.hostIp()), p.hostPort());
        } catch (IOException e) {
            throw new ContainerStartException("cannot publish " + p.hostAddress() + ": " + e.getMessage());
        }
        try {
            if (p.protocol().equals("udp")) {
                return new DatagramSocket(address);
            }
            ServerSocket s = new ServerSocket();
            try {
                s.setReuseAddress(true); // as slirp4netns binds: a port in TIME_WAIT is free
                s.bind(address);
                return s;
            } catch (IOException e) {
                s.close();
                throw e;
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

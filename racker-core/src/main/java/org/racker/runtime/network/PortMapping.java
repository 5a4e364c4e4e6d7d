package org.racker.runtime.network;

import java.util.Locale;
import org.racker.InvalidArgumentException;

/**
 * One published port: connections to {@code hostIp:hostPort} on the host reach
 * {@code containerPort} in the container. Spelled as docker's {@code -p} takes it,
 * {@code [IP:][HOSTPORT:]CONTAINERPORT[/tcp|udp]}; a host port of 0 (or none given) means
 * any free one, chosen when the container starts. The host address defaults to docker's
 * 0.0.0.0 (every interface). Only IPv4 host addresses: slirp4netns forwards those.
 */
public record PortMapping(String hostIp, int hostPort, int containerPort, String protocol) {
    public static final String ANY_ADDRESS = "0.0.0.0";

    public PortMapping {
        if (!protocol.equals("tcp") && !protocol.equals("udp")) {
            throw new IllegalArgumentException("protocol " + protocol);
        }
        if (hostPort < 0 || hostPort > 65535 || containerPort < 1 || containerPort > 65535) {
            throw new IllegalArgumentException("port out of range");
        }
    }

    /** Parses a {@code -p} value; the message of a bad one says what is wrong and shows the form. */
    public static PortMapping parse(String value) throws InvalidArgumentException {
        String rest = value;
        String protocol = "tcp";
        int slash = rest.lastIndexOf('/');
        if (slash >= 0) {
            protocol = rest.substring(slash + 1).toLowerCase(Locale.ROOT);
            rest = rest.substring(0, slash);
            if (!protocol.equals("tcp") && !protocol.equals("udp")) {
                throw invalid(value, "the protocol must be tcp or udp");
            }
        }
        if (rest.startsWith("[")) {
            throw invalid(value, "IPv6 host addresses cannot be published; use an IPv4 address such as 127.0.0.1");
        }
        String[] parts = rest.split(":", -1);
        String hostIp = ANY_ADDRESS;
        String hostPort = "";
        String containerPort;
        switch (parts.length) {
            case 1 -> containerPort = parts[0];
            case 2 -> {
                hostPort = parts[0];
                containerPort = parts[1];
            }
            case 3 -> {
                hostIp = parts[0].isEmpty() ? ANY_ADDRESS : parts[0];
                hostPort = parts[1];
                containerPort = parts[2];
            }
            default -> throw invalid(value, parts.length > 3 && rest.contains("::")
                    ? "IPv6 host addresses cannot be published; use an IPv4 address such as 127.0.0.1"
                    : "too many ':'");
        }
        if (!IpLiterals.isIpv4(hostIp)) {
            throw invalid(value, InvalidArgumentException.quoted(hostIp) + " is not an IPv4 address");
        }
        if (containerPort.contains("-") || hostPort.contains("-")) {
            throw invalid(value, "port ranges are not supported; publish each port with a -p of its own");
        }
        int container = port(value, containerPort, "container port", false);
        int host = hostPort.isEmpty() ? 0 : port(value, hostPort, "host port", true);
        return new PortMapping(hostIp, host, container, protocol);
    }

    private static int port(String value, String text, String what, boolean zeroAllowed)
            throws InvalidArgumentException {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(value, "the " + what + " must be a number from 1 to 65535, not "
                    + InvalidArgumentException.quoted(text));
        }
        int port = Integer.parseInt(text);
        if (port > 65535 || (port == 0 && !zeroAllowed)) {
            throw invalid(value, "the " + what + " must be a number from 1 to 65535, not " + text);
        }
        return port;
    }

    private static InvalidArgumentException invalid(String value, String why) {
        return new InvalidArgumentException("invalid --publish " + InvalidArgumentException.quoted(value) + ": " + why
                + " (use [IP:]HOSTPORT:CONTAINERPORT[/tcp|udp], or CONTAINERPORT for any free host port)");
    }

    /** The same mapping on a host port chosen at start. */
    public PortMapping onHostPort(int port) {
        return new PortMapping(hostIp, port, containerPort, protocol);
    }

    /** Docker's key for the container's side: {@code 80/tcp}. */
    public String containerKey() {
        return containerPort + "/" + protocol;
    }

    /** The host's side as docker prints it: {@code 0.0.0.0:8080}. */
    public String hostAddress() {
        return hostIp + ":" + hostPort;
    }

    /** How {@code ps} shows it: {@code 0.0.0.0:8080->80/tcp}. */
    public String display() {
        return hostAddress() + "->" + containerKey();
    }

    /** The full form, which {@link #parse} reads back: how the container's record keeps it. */
    @Override
    public String toString() {
        return hostIp + ":" + hostPort + ":" + containerPort + "/" + protocol;
    }
}

package org.racker.runtime.network;

import org.racker.InvalidArgumentException;

/** A line {@code --add-host NAME:IP} adds to the container's /etc/hosts. */
public record ExtraHost(String name, String address) {

    /** Docker's {@code NAME:IP} (an IPv6 address keeps its colons: the name ends at the first), or {@code NAME=IP}. */
    public static ExtraHost parse(String value) throws InvalidArgumentException {
        int eq = value.indexOf('=');
        int colon = value.indexOf(':');
        int split = eq >= 0 && (colon < 0 || eq < colon) ? eq : colon;
        if (split <= 0 || split == value.length() - 1) {
            throw invalid(value, "give a name and an address");
        }
        String name = value.substring(0, split);
        String address = value.substring(split + 1);
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        if (!name.matches("[A-Za-z0-9]([A-Za-z0-9._-]{0,252})")) {
            throw invalid(value, InvalidArgumentException.quoted(name) + " is not a host name");
        }
        if (address.equals("host-gateway")) {
            throw invalid(value, "host-gateway is not supported; give the host's address");
        }
        if (!IpLiterals.isIpv4(address) && !IpLiterals.isIpv6(address)) {
            throw invalid(value, InvalidArgumentException.quoted(address) + " is not an IP address");
        }
        return new ExtraHost(name, address);
    }


    private static InvalidArgumentException invalid(String value, String why) {
        return new InvalidArgumentException("invalid --add-host " + InvalidArgumentException.quoted(value) + ": "
                + why + " (use NAME:IP, e.g. db:192.0.2.10)");
    }

    /** The /etc/hosts line. */
    String line() {
        return address + "\t" + name;
    }

    /** How the container's record and {@code inspect} keep it: docker's {@code NAME:IP}. */
    @Override
    public String toString() {
        return name + ":" + address;
    }
}

package org.racker.runtime.network;

/** IP addresses as users write them in options (-p, --add-host): literals, never names. */
final class IpLiterals {
    private IpLiterals() { }

    static boolean isIpv4(String text) {
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String o : octets) {
            if (o.isEmpty() || o.length() > 3 || !o.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(o) > 255) {
                return false;
            }
        }
        return true;
    }

    /** Only hex digits, colons and an embedded IPv4 tail. */
    static boolean isIpv6(String text) {
        return text.contains(":") && text.length() <= 45 && text.matches("[0-9A-Fa-f:.]+")
                && !text.contains(":::");
    }
}

package org.racker.probe;

import java.util.OptionalLong;

/**
 * Reads what the unit check's script prints: {@code systemctl show}'s {@code ActiveState}
 * and {@code ActiveEnterTimestampMonotonic} lines, then {@code /proc/uptime}.
 */
final class UnitState {
    private UnitState() { }

    /**
     * How long the unit has been active, in microseconds; empty when it is not active or the
     * output says no more. The uptime counts from boot as the monotonic clock does (it also
     * counts a host's suspend, which can only make the unit seem older than it is).
     */
    static OptionalLong activeForMicros(String output) {
        String state = null;
        long enteredMicros = -1;
        double uptimeSeconds = -1;
        for (String line : output.split("\n")) {
            line = line.strip();
            if (line.startsWith("ActiveState=")) {
                state = line.substring("ActiveState=".length());
            } else if (line.startsWith("ActiveEnterTimestampMonotonic=")) {
                enteredMicros = parseLong(line.substring("ActiveEnterTimestampMonotonic=".length()));
            } else if (!line.isEmpty() && Character.isDigit(line.charAt(0))) {
                uptimeSeconds = parseSeconds(line.split(" ")[0]);
            }
        }
        if (!"active".equals(state) || enteredMicros <= 0 || uptimeSeconds < 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(0, (long) (uptimeSeconds * 1_000_000) - enteredMicros));
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static double parseSeconds(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

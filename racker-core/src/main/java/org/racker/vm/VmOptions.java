package org.racker.vm;

import java.util.List;
import org.racker.InvalidArgumentException;
import org.racker.runtime.network.PortMapping;

/**
 * The machine a VM gets: memory in MiB, virtual CPUs, and the host ports forwarded to the
 * guest through QEMU's user-mode network (host ports settled: none is 0).
 *
 * <p>A test VM needs little: 512 MiB boots Debian's cloud kernel with systemd and leaves room
 * for a package install.
 */
public record VmOptions(int memoryMiB, int cpus, List<PortMapping> ports) {
    public static final VmOptions DEFAULT = new VmOptions(512, 1);

    public VmOptions(int memoryMiB, int cpus) {
        this(memoryMiB, cpus, List.of());
    }

    public VmOptions {
        ports = List.copyOf(ports);
        if (memoryMiB < 128) {
            throw new IllegalArgumentException("memoryMiB < 128");
        }
        if (cpus < 1) {
            throw new IllegalArgumentException("cpus < 1");
        }
    }

    public VmOptions withPorts(List<PortMapping> value) {
        return new VmOptions(memoryMiB, cpus, value);
    }

    /** docker's memory syntax: a number with an optional b, k, m or g suffix (bytes without). */
    public static int parseMemory(String value) throws InvalidArgumentException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)(\\d+)([bkmg]?)").matcher(value.strip());
        if (!m.matches()) {
            throw new InvalidArgumentException("invalid --memory " + InvalidArgumentException.quoted(value)
                    + ": use a size such as 512m or 2g");
        }
        long n = Long.parseLong(m.group(1));
        long bytes = switch (m.group(2).toLowerCase(java.util.Locale.ROOT)) {
            case "k" -> n << 10;
            case "m" -> n << 20;
            case "g" -> n << 30;
            default -> n;
        };
        long mib = bytes >> 20;
        if (mib < 128 || mib > 1 << 20) {
            throw new InvalidArgumentException("invalid --memory " + InvalidArgumentException.quoted(value)
                    + ": a VM needs at least 128m");
        }
        return (int) mib;
    }
}

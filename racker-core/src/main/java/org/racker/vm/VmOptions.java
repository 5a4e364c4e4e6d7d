package org.racker.vm;

import org.racker.InvalidArgumentException;

/**
 * The machine a VM gets: memory in MiB and virtual CPUs.
 *
 * <p>A test VM needs little: 512 MiB boots Debian's cloud kernel with systemd and leaves room
 * for a package install.
 */
public record VmOptions(int memoryMiB, int cpus) {
    public static final VmOptions DEFAULT = new VmOptions(512, 1);

    public VmOptions {
        if (memoryMiB < 128) {
            throw new IllegalArgumentException("memoryMiB < 128");
        }
        if (cpus < 1) {
            throw new IllegalArgumentException("cpus < 1");
        }
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

package org.racker.vm;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** How QEMU runs the guest's CPU: KVM where the host offers it, software emulation (TCG) otherwise. */
public enum Accelerator {
    KVM, TCG;

    /** {@link #detect(Path, Path)} with this host's /proc/cpuinfo. */
    public static Accelerator detect(Path devKvm) {
        return detect(devKvm, Path.of("/proc/cpuinfo"));
    }

    /**
     * KVM when the CPU offers hardware virtualisation (vmx or svm among {@code cpuinfo}'s
     * flags) and {@code devKvm} is a character device that opens for reading and writing
     * (racker may use it). Some sandboxes offer a /dev/kvm without the CPU's support: QEMU
     * then aborts at its start with a CPU model of the host's, and a guest of QEMU's default
     * model never runs. Opened without CREATE: a missing device must stay missing.
     */
    public static Accelerator detect(Path devKvm, Path cpuinfo) {
        try {
            if (!hardwareVirtualisation(cpuinfo) || !Files.exists(devKvm, LinkOption.NOFOLLOW_LINKS)
                    || !isCharacterDevice(devKvm)) {
                return TCG;
            }
            try (FileChannel f = FileChannel.open(devKvm, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                return KVM;
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return TCG;
        }
    }

    private static boolean hardwareVirtualisation(Path cpuinfo) throws IOException {
        try (java.util.stream.Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith("flags")).flatMap(l -> java.util.Arrays.stream(l.split("\\s+")))
                    .anyMatch(flag -> flag.equals("vmx") || flag.equals("svm"));
        }
    }

    private static boolean isCharacterDevice(Path p) throws IOException {
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return (mode & 0170000) == 0020000;
    }

    String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

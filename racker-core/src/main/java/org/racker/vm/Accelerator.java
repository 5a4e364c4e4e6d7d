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

    /**
     * KVM when {@code devKvm} is a character device that opens for reading and writing (racker
     * may use it). Opened without CREATE: a missing device must stay missing.
     */
    public static Accelerator detect(Path devKvm) {
        try {
            if (!Files.exists(devKvm, LinkOption.NOFOLLOW_LINKS) || !isCharacterDevice(devKvm)) {
                return TCG;
            }
            try (FileChannel f = FileChannel.open(devKvm, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                return KVM;
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return TCG;
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

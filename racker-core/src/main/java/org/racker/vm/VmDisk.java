package org.racker.vm;

import java.nio.file.Path;

/**
 * A disk to boot as it is, through the firmware and the boot loader on it ({@code run --vm
 * --disk}): for systems racker cannot build itself. Obtained from {@link VmDisks#open}.
 *
 * @param file the disk image QEMU opens (for a Vagrant box, its unpacked box.img)
 * @param format the format its header shows
 */
public record VmDisk(Path file, DiskFormat format) implements VmMachine {
    public VmDisk {
        if (format == DiskFormat.BOX) {
            throw new IllegalArgumentException("a box is unpacked first: its box.img is the disk");
        }
    }
}

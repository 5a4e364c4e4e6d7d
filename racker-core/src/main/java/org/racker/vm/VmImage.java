package org.racker.vm;

import java.nio.file.Path;

/**
 * A VM-bootable form of an image: its kernel and initramfs beside a raw ext4 disk built from
 * its root. Never written to: each VM boots it with a throw-away overlay.
 */
public record VmImage(Path kernel, Path initrd, Path disk) implements VmMachine {
    static final String KERNEL = "vmlinuz";
    static final String INITRD = "initrd.img";
    static final String DISK = "disk.raw";

    static VmImage in(Path dir) {
        return new VmImage(dir.resolve(KERNEL), dir.resolve(INITRD), dir.resolve(DISK));
    }
}

package org.racker.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.racker.EventLog;
import org.racker.runtime.boot.BootProfile;
import org.racker.vm.VmImage;
import org.racker.vm.VmImageBuilder;

/**
 * Disks that boot on their own (firmware, boot loader, kernel, root), as users bring them to
 * {@code run --vm --disk}, made from what racker derives for {@link TestRootfs#bookworm()}
 * and cached beside the test roots. Nothing is mounted: an MBR with SYSLINUX's boot code,
 * a FAT boot partition (made with mkfs.fat, filled with mtools, SYSLINUX installed on it by
 * {@code syslinux}, which works on the file) holding the kernel and initramfs, and the derived
 * image's ext4 disk as the root partition, placed with dd. Needs syslinux, syslinux-common,
 * mtools, dosfstools and qemu-utils (scripts/install-deps --test).
 */
public final class TestDisks {
    private static final int MIB = 1 << 20;
    private static final int BOOT_MIB = 64;
    private static final Path MBR_CODE = Path.of("/usr/lib/syslinux/mbr/mbr.bin");

    private TestDisks() { }

    /** The bootable bookworm disk, raw: an MBR, a FAT boot partition, the ext4 root on /dev/vda2. */
    public static Path bookwormRaw() {
        return bookworm().resolve("disk.raw");
    }

    /** The same disk as qcow2. */
    public static Path bookwormQcow2() {
        return bookworm().resolve("disk.qcow2");
    }

    /** A Vagrant box of the libvirt provider (a plain tar: metadata.json and box.img) holding the same disk. */
    public static Path bookwormLibvirtBox() {
        return bookworm().resolve("libvirt.box");
    }

    private static Path bookworm() {
        return TestRootfs.ensureBy("vm-disk-bookworm", dir -> {
            VmImage image;
            try {
                image = new VmImageBuilder(TestRootfs.vmStateRoot().resolve("vm"), EventLog.SILENT)
                        .derive(TestRootfs.bookworm(), "bookworm");
            } catch (org.racker.RackerException e) {
                throw new IOException(e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            Files.createDirectories(dir);
            Path raw = dir.resolve("disk.raw");
            build(image, dir, raw);
            TestRootfs.run(dir, List.of("qemu-img", "convert", "-O", "qcow2", raw.toString(), "disk.qcow2"));
            // the box holds its own copy of the qcow2 disk, as a downloaded box does
            Files.copy(dir.resolve("disk.qcow2"), dir.resolve("box.img"));
            Files.writeString(dir.resolve("metadata.json"), libvirtMetadata());
            TestRootfs.run(dir, List.of("tar", "-cf", "libvirt.box", "metadata.json", "box.img"));
            Files.delete(dir.resolve("box.img"));
            Files.delete(dir.resolve("metadata.json"));
        });
    }

    /** A libvirt box's metadata.json, as Vagrant's libvirt plugin writes it. */
    public static String libvirtMetadata() {
        return "{\"provider\": \"libvirt\", \"format\": \"qcow2\", \"virtual_size\": 3}\n";
    }

    private static void build(VmImage image, Path dir, Path raw) throws IOException {
        Path boot = dir.resolve("boot.fat");
        try (RandomAccessFile f = new RandomAccessFile(boot.toFile(), "rw")) {
            f.setLength((long) BOOT_MIB * MIB);
        }
        TestRootfs.run(dir, List.of("mkfs.fat", "-F", "32", "-n", "RACKERBOOT", boot.toString()));
        Path config = dir.resolve("syslinux.cfg");
        Files.writeString(config, syslinuxConfig(), StandardCharsets.US_ASCII);
        TestRootfs.run(dir, List.of("mcopy", "-i", boot.toString(), image.kernel().toString(),
                image.initrd().toString(), config.toString(), "::/"));
        TestRootfs.run(dir, List.of("syslinux", "--install", boot.toString()));
        long rootBytes = Files.size(image.disk());
        long rootStart = (long) (1 + BOOT_MIB) * MIB;
        try (RandomAccessFile f = new RandomAccessFile(raw.toFile(), "rw")) {
            f.setLength(rootStart + rootBytes);
        }
        try (FileChannel from = FileChannel.open(boot); FileChannel to = FileChannel.open(raw, StandardOpenOption.WRITE)) {
            long done = 0;
            while (done < from.size()) {
                done += from.transferTo(done, from.size() - done, to.position(MIB + done));
            }
        }
        // the root is mostly holes: dd keeps them holes
        TestRootfs.run(dir, List.of("dd", "if=" + image.disk(), "of=" + raw, "bs=1M", "seek=" + (1 + BOOT_MIB),
                "conv=sparse,notrunc", "status=none"));
        writeMbr(raw, rootStart, rootBytes);
        Files.delete(boot);
        Files.delete(config);
    }

    /**
     * The kernel's command line on that disk: the root partition, the console on the serial
     * port (kept quiet: every byte is slow under emulation), the units a test boot skips.
     */
    private static String syslinuxConfig() {
        StringBuilder append = new StringBuilder("root=/dev/vda2 rw console=ttyS0 panic=-1 quiet"
                + " systemd.show_status=false");
        for (String unit : BootProfile.TEST.maskedUnits()) {
            append.append(" systemd.mask=").append(unit);
        }
        return "SERIAL 0 115200\nDEFAULT linux\nTIMEOUT 0\nPROMPT 0\nLABEL linux\n  KERNEL /vmlinuz\n"
                + "  INITRD /initrd.img\n  APPEND " + append + "\n";
    }

    /** SYSLINUX's MBR code, two primary partitions (FAT32 LBA, active; Linux) and the boot signature. */
    private static void writeMbr(Path raw, long rootStart, long rootBytes) throws IOException {
        byte[] code = Files.readAllBytes(MBR_CODE);
        ByteBuffer mbr = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        mbr.put(code, 0, Math.min(code.length, 440));
        mbr.position(446);
        partition(mbr, true, 0x0c, MIB / 512, (long) BOOT_MIB * MIB / 512);
        partition(mbr, false, 0x83, rootStart / 512, rootBytes / 512);
        mbr.position(510);
        mbr.put((byte) 0x55).put((byte) 0xaa);
        try (FileChannel ch = FileChannel.open(raw, StandardOpenOption.WRITE)) {
            mbr.flip();
            ch.write(mbr, 0);
        }
    }

    private static void partition(ByteBuffer mbr, boolean active, int type, long startSector, long sectors) {
        // CHS fields past their range, as for any disk addressed by LBA
        mbr.put((byte) (active ? 0x80 : 0)).put((byte) 0xfe).put((byte) 0xff).put((byte) 0xff);
        mbr.put((byte) type).put((byte) 0xfe).put((byte) 0xff).put((byte) 0xff);
        mbr.putInt((int) startSector).putInt((int) sectors);
    }

    /**
     * A raw disk whose boot sector halts the CPU: the firmware boots it, and no guest agent
     * ever answers. 1 MiB in {@code dir}.
     */
    public static Path haltingDisk(Path dir) {
        Path disk = dir.resolve("halts.raw");
        byte[] sector = new byte[512];
        // cli; hlt; jmp back to the hlt
        System.arraycopy(new byte[] {(byte) 0xfa, (byte) 0xf4, (byte) 0xeb, (byte) 0xfd}, 0, sector, 0, 4);
        sector[510] = 0x55;
        sector[511] = (byte) 0xaa;
        try (RandomAccessFile f = new RandomAccessFile(disk.toFile(), "rw")) {
            f.write(sector);
            f.setLength(MIB);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return disk;
    }
}

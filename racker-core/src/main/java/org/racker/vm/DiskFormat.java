package org.racker.vm;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a user-supplied disk file holds, told from its first bytes, never from its name: a
 * qcow2 image, a raw disk that firmware can boot (an MBR's boot signature, which GPT disks
 * carry too, in their protective MBR), or a Vagrant box (a tar, maybe gzipped).
 */
public enum DiskFormat {
    RAW("raw"),
    QCOW2("qcow2"),
    /** A Vagrant box: unpacked, its box.img is the disk. */
    BOX("box");

    /** How many bytes {@link #of} needs at most: the tar header's magic and the MBR's signature. */
    static final int HEADER_BYTES = 512;

    private final String id;

    DiskFormat(String id) {
        this.id = id;
    }

    /** QEMU's name for the format ({@code -drive format=}). */
    String id() {
        return id;
    }

    /** The format of a file that starts with {@code header} (fewer bytes if the file is shorter). */
    static Optional<DiskFormat> of(byte[] header) {
        if (startsWith(header, 0, new byte[] {'Q', 'F', 'I', (byte) 0xfb})) {
            return Optional.of(QCOW2);
        }
        if (startsWith(header, 0, new byte[] {0x1f, (byte) 0x8b}) || startsWith(header, 257, ascii("ustar"))) {
            return Optional.of(BOX);
        }
        if (header.length >= 512 && header[510] == 0x55 && header[511] == (byte) 0xaa) {
            return Optional.of(RAW);
        }
        return Optional.empty();
    }

    /** What a file of no format racker boots seems to be, for the message refusing it. */
    static String describe(byte[] header) {
        if (startsWith(header, 0, ascii("KDMV")) || startsWith(header, 0, ascii("# Disk DescriptorFile"))) {
            return "a VMDK image (convert it: qemu-img convert -O qcow2 FILE disk.qcow2)";
        }
        if (startsWith(header, 0, ascii("vhdxfile"))) {
            return "a VHDX image (convert it: qemu-img convert -O qcow2 FILE disk.qcow2)";
        }
        if (startsWith(header, 64, new byte[] {0x7f, 0x10, (byte) 0xda, (byte) 0xbe})) {
            return "a VDI image (convert it: qemu-img convert -O qcow2 FILE disk.qcow2)";
        }
        if (startsWith(header, 0, new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z'})
                || startsWith(header, 0, new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd})
                || startsWith(header, 0, ascii("BZh"))) {
            return "a compressed file (decompress it first)";
        }
        if (header.length == 0) {
            return "an empty file";
        }
        return "neither a qcow2 image, a raw disk with a boot sector nor a Vagrant box";
    }

    /**
     * Whether a qcow2 header names another file: a backing file, or an external data file
     * (incompatible feature bit 2). QEMU would open it on the host.
     */
    static boolean namesOtherFiles(byte[] qcow2Header) {
        if (qcow2Header.length < 80) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(qcow2Header);
        long backingFileOffset = b.getLong(8);
        int version = b.getInt(4);
        long incompatible = version >= 3 ? b.getLong(72) : 0;
        return backingFileOffset != 0 || (incompatible & 0x4) != 0;
    }

    private static boolean startsWith(byte[] header, int at, byte[] magic) {
        if (header.length < at + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (header[at + i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

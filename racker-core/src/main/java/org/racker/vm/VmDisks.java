package org.racker.vm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.racker.EventLog;
import org.racker.InvalidArgumentException;

/**
 * Opens what {@code run --vm --disk FILE} names, whatever its name says: a qcow2 image or a
 * raw disk is booted as it is; a Vagrant box is unpacked once (see {@link VagrantBox}) and its
 * disk booted. Anything else is refused in one line before anything starts.
 */
public final class VmDisks {
    private VmDisks() { }

    /**
     * The disk {@code file} holds.
     *
     * @param boxesDir where unpacked Vagrant boxes are kept (in racker's state)
     * @throws InvalidArgumentException when the file is missing, unreadable or of no format racker boots
     */
    public static VmDisk open(Path file, Path boxesDir, EventLog log) throws InvalidArgumentException,
            VmException, InterruptedException {
        String shown = InvalidArgumentException.quoted(file.toString());
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.exists(file)) {
            throw new InvalidArgumentException("the disk " + shown + " does not exist: name a qcow2 or raw disk image"
                    + " or a Vagrant box file");
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidArgumentException("the disk " + shown + " is not a regular file: name a qcow2 or raw disk"
                    + " image or a Vagrant box file");
        }
        byte[] header;
        try {
            header = header(file);
        } catch (IOException e) {
            throw new InvalidArgumentException("cannot read the disk " + shown + ": " + e.getMessage());
        }
        Path absolute = file.toAbsolutePath().normalize();
        DiskFormat format = DiskFormat.of(header).orElseThrow(() -> new InvalidArgumentException("cannot boot "
                + shown + ": it is " + DiskFormat.describe(header)));
        if (format == DiskFormat.BOX) {
            return new VagrantBox(boxesDir, log).unpack(absolute);
        }
        if (format == DiskFormat.QCOW2) {
            requireSelfContained(header, "the disk " + shown);
        }
        return new VmDisk(absolute, format);
    }

    /**
     * Refuses a qcow2 image that names a backing or data file: QEMU, run by root, would open
     * that file on the host for the guest, and a downloaded disk may name any.
     */
    static void requireSelfContained(byte[] qcow2Header, String shown) throws InvalidArgumentException {
        if (DiskFormat.namesOtherFiles(qcow2Header)) {
            throw new InvalidArgumentException(shown + " names a backing or data file on the host: racker boots"
                    + " self-contained qcow2 disks only (qemu-img convert -O qcow2 makes one)");
        }
    }

    /** The file's first bytes, as many as the formats' magic numbers need (fewer if it is shorter). */
    static byte[] header(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(DiskFormat.HEADER_BYTES);
        }
    }
}

package org.racker.vm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.racker.EventLog;
import org.racker.InvalidArgumentException;
import org.racker.fs.InterProcessLock;
import org.racker.fs.RootedFiles;
import org.racker.fs.WorkDirectories;
import org.racker.layer.LayerCompression;
import org.racker.layer.LayerUnpackException;
import org.racker.layer.LayerUnpacker;

/**
 * A Vagrant box of the libvirt provider (a tar, maybe gzipped, holding {@code metadata.json}
 * with {@code "provider": "libvirt"} and the disk as {@code box.img}, qcow2), unpacked once
 * into racker's state and then booted as a {@link VmDisk}.
 *
 * <p>A box's content is untrusted: it is unpacked with the layer unpacker, which keeps every
 * entry inside the directory it unpacks to; box.img must be a regular file there (not a
 * link, not a device) and a qcow2 image naming no other file (a backing or data file QEMU
 * would open on the host). Unpacked boxes are kept by the box file's identity (path, size,
 * modification time, inode): a box replaced by another is unpacked anew. Unpacking happens
 * under a lock in a temporary directory renamed into place, so a killed racker leaves
 * nothing a later run would boot.
 */
final class VagrantBox {
    static final String METADATA = "metadata.json";
    static final String DISK = "box.img";
    /** The provider whose boxes are QEMU disks. */
    static final String PROVIDER = "libvirt";

    private final Path boxesDir;
    private final EventLog log;

    VagrantBox(Path boxesDir, EventLog log) {
        this.boxesDir = boxesDir;
        this.log = log;
    }

    VmDisk unpack(Path box) throws InvalidArgumentException, VmException, InterruptedException {
        String key;
        try {
            key = key(box);
        } catch (IOException e) {
            throw new InvalidArgumentException("cannot read the box " + InvalidArgumentException.quoted(box.toString())
                    + ": " + e.getMessage());
        }
        Path dir = boxesDir.resolve(key);
        if (Files.isRegularFile(dir.resolve(DISK), LinkOption.NOFOLLOW_LINKS)) {
            return new VmDisk(dir.resolve(DISK), DiskFormat.QCOW2);
        }
        // one lock for all boxes: unpacking is rare, and a refused box leaves no lock file of its own
        try (InterProcessLock lock = InterProcessLock.acquire(boxesDir.resolve(".lock"))) {
            if (Files.isRegularFile(dir.resolve(DISK), LinkOption.NOFOLLOW_LINKS)) {
                return new VmDisk(dir.resolve(DISK), DiskFormat.QCOW2);
            }
            Path tmp = boxesDir.resolve(key + ".tmp");
            WorkDirectories.deleteTree(tmp);
            Files.createDirectories(tmp);
            try {
                log.info("unpacking the Vagrant box " + box + " (once)");
                build(box, tmp);
                WorkDirectories.publish(tmp, dir);
            } finally {
                WorkDirectories.deleteTree(tmp);
            }
            return new VmDisk(dir.resolve(DISK), DiskFormat.QCOW2);
        } catch (IOException e) {
            throw new VmException("cannot unpack the box " + box + ": " + e.getMessage(), e);
        }
    }

    /** Unpacks into {@code tmp}/content, checks it, and keeps box.img and metadata.json beside it. */
    private void build(Path box, Path tmp) throws IOException, InvalidArgumentException {
        String shown = "the box " + InvalidArgumentException.quoted(box.toString());
        Path content = Files.createDirectory(tmp.resolve("content"));
        try (InputStream file = new BufferedInputStream(Files.newInputStream(box), 1 << 16)) {
            file.mark(2);
            boolean gzip = file.read() == 0x1f && file.read() == 0x8b;
            file.reset();
            InputStream tar = (gzip ? LayerCompression.GZIP : LayerCompression.NONE).decompress(file);
            new LayerUnpacker().apply(box.getFileName().toString(), tar, content);
        } catch (LayerUnpackException e) {
            throw new InvalidArgumentException("cannot unpack " + shown + ": " + e.getMessage());
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new InvalidArgumentException("cannot unpack " + shown + ": " + e.getMessage());
        }
        RootedFiles files = new RootedFiles(content);
        byte[] metadata = files.readRegularFile(METADATA, 1 << 20).orElseThrow(() -> new InvalidArgumentException(
                shown + " has no " + METADATA + ": is it a Vagrant box?"));
        checkMetadata(metadata, shown);
        Path disk = content.resolve(DISK);
        if (!Files.isRegularFile(disk, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidArgumentException(shown + " has no " + DISK + " (as a regular file): a libvirt box"
                    + " keeps its disk there");
        }
        byte[] header = VmDisks.header(disk);
        if (DiskFormat.of(header).orElse(null) != DiskFormat.QCOW2) {
            throw new InvalidArgumentException(shown + "'s " + DISK + " is not a qcow2 image, as its "
                    + METADATA + " says");
        }
        VmDisks.requireSelfContained(header, shown + "'s " + DISK);
        Files.move(disk, tmp.resolve(DISK));
        Files.write(tmp.resolve(METADATA), metadata);
        WorkDirectories.deleteTree(content);
    }

    /** Refuses a box of another provider or format, naming what it found. */
    static void checkMetadata(byte[] metadata, String shown) throws InvalidArgumentException {
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(metadata);
        } catch (IOException e) {
            throw new InvalidArgumentException(shown + "'s " + METADATA + " is not JSON: " + firstLine(e.getMessage()));
        }
        String provider = json != null ? json.path("provider").asText("") : "";
        if (!provider.equals(PROVIDER)) {
            throw new InvalidArgumentException(shown + " is for the provider "
                    + InvalidArgumentException.quoted(provider) + ": racker boots boxes of the libvirt provider"
                    + " (qcow2) only");
        }
        String format = json.path("format").asText("qcow2");
        if (!format.equals("qcow2")) {
            throw new InvalidArgumentException(shown + " has a disk of format " + InvalidArgumentException.quoted(format)
                    + ": racker boots libvirt boxes with a qcow2 disk");
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    /** The box file's identity: the same file unchanged gives the same key. */
    static String key(Path box) throws IOException {
        BasicFileAttributes a = Files.readAttributes(box, BasicFileAttributes.class);
        String identity = box + "\n" + a.size() + "\n" + a.lastModifiedTime().toMillis() + "\n" + a.fileKey();
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return "box-" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.racker.distro;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.racker.fs.AtomicFiles;
import org.racker.fs.InterProcessLock;
import org.racker.fs.StateRoot;
import org.racker.fs.WorkDirectories;
import org.racker.image.ImageReference;
import org.racker.image.InvalidImageReferenceException;
import org.racker.image.json.ImageJson;

/**
 * Bootable images derived from registry images, under {@code ROOT/bootable} (private):
 * <pre>
 *   ID/image.json  the record ({@link BootableImage}); ID/rootfs the provisioned root
 *   .work/         images being made, named after their process; renamed into place whole
 *   .logs/ID.provision.log  the last provisioning's output, kept when it failed
 *   .locks/ID.lock held while an image is made, so concurrent runs make it once
 * </pre>
 */
public final class BootableImageStore {
    private final Path base;

    public BootableImageStore(Path rackerRoot) {
        this.base = StateRoot.privateDirectory(rackerRoot, "bootable");
    }

    public Path rootfsOf(String id) {
        return base.resolve(id).resolve("rootfs");
    }

    public Optional<BootableImage> find(String id) {
        if (!id.matches("[0-9a-f]{64}")) {
            return Optional.empty();
        }
        Path file = base.resolve(id).resolve("image.json");
        try {
            return Optional.of(ImageJson.mapper().readValue(Files.readAllBytes(file), BootableImage.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + file + ": remove it with racker rmi " + id, e);
        }
    }

    /** The image whose root {@code rootfs} is, for telling where a container's root came from. */
    public Optional<BootableImage> ofRootfs(Path rootfs) {
        Path dir = rootfs.toAbsolutePath().normalize().getParent();
        if (dir == null || !base.toAbsolutePath().normalize().equals(dir.getParent())
                || !rootfs.getFileName().toString().equals("rootfs")) {
            return Optional.empty();
        }
        return find(dir.getFileName().toString());
    }

    public List<BootableImage> list() {
        List<BootableImage> images = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base)) {
            for (Path dir : dirs) {
                find(dir.getFileName().toString()).ifPresent(images::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + base, e);
        }
        images.sort(Comparator.comparing(BootableImage::reference).thenComparing(BootableImage::created));
        return images;
    }

    /**
     * The images {@code nameOrId} names: {@code REFERENCE+boot} (every one made from that
     * reference, an older base's included) or a unique prefix of an id (at least 4 digits).
     */
    public List<BootableImage> resolve(String nameOrId) {
        if (nameOrId.endsWith(BootableImage.TAG_SUFFIX)) {
            String base = nameOrId.substring(0, nameOrId.length() - BootableImage.TAG_SUFFIX.length());
            String normalised;
            try {
                normalised = ImageReference.parse(base).toString();
            } catch (InvalidImageReferenceException e) {
                return List.of();
            }
            return list().stream().filter(i -> i.baseReference().equals(normalised)).toList();
        }
        String prefix = nameOrId.startsWith("sha256:") ? nameOrId.substring(7) : nameOrId;
        if (!prefix.matches("[0-9a-f]{4,64}")) {
            return List.of();
        }
        List<BootableImage> matches = list().stream().filter(i -> i.id().startsWith(prefix)).toList();
        return matches.size() == 1 ? matches : List.of();
    }

    /**
     * Held while image {@code id} is made or removed; waits for another holder, in another
     * process or, unlike a plain {@link InterProcessLock#acquire}, in this one (two tests of
     * one JVM running the same image at once).
     */
    public InterProcessLock lock(String id) throws InterruptedException {
        Path file = base.resolve(".locks").resolve(id + ".lock");
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file, e);
        }
        while (true) {
            Optional<InterProcessLock> lock = InterProcessLock.inExistingDirectory(file, false);
            if (lock.isPresent()) {
                return lock.get();
            }
            // a short poll: the holder is provisioning, which takes seconds at least
            Thread.sleep(50);
        }
    }

    public Path provisioningLog(String id) {
        return base.resolve(".logs").resolve(id + ".provision.log");
    }

    /** A work directory named after this process; removed by the next maker once the process is gone. */
    public Path newWorkDirectory(String id) {
        WorkDirectories.removeAbandoned(base.resolve(".work"));
        return WorkDirectories.create(base.resolve(".work"), id.substring(0, 12));
    }

    /** Makes {@code work} (holding {@code rootfs/}) the image: one rename, so a run sees all of it or none. */
    public void commit(Path work, BootableImage image) {
        Path target = base.resolve(image.id());
        try {
            AtomicFiles.write(work.resolve("image.json"), ImageJson.mapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(image));
            // a directory without a record is a leftover, never an image: it is replaced
            WorkDirectories.publish(work, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store bootable image " + image.reference() + " at " + target, e);
        }
    }

    /** Removes the image; its record goes first, so a half-removed root is never taken for an image. */
    public void remove(BootableImage image) throws InterruptedException {
        Path dir = base.resolve(image.id());
        try (InterProcessLock lock = lock(image.id())) {
            Files.deleteIfExists(dir.resolve("image.json"));
            WorkDirectories.deleteTree(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove bootable image " + image.reference(), e);
        }
    }
}

package org.racker.distro;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.racker.fs.WorkDirectories;
import org.racker.fs.StateRoot;

/**
 * Curated images under {@code ROOT/curated/NAME/} ({@code image.json} and {@code rootfs/}),
 * each committed by renaming a complete work directory into place, as the image store does,
 * so that {@code run} never sees a half-provisioned image.
 */
public final class CuratedImageStore {
    private final Path base;

    public CuratedImageStore(Path rackerRoot) {
        this.base = StateRoot.privateDirectory(rackerRoot, "curated");
    }

    public Path rootfsOf(String name) {
        return base.resolve(name).resolve("rootfs");
    }

    public Path downloadCache() {
        return StateRoot.privateDirectory(base.getParent(), "cache").resolve("downloads");
    }

    public Optional<CuratedImage> find(String name) {
        Path file = base.resolve(name).resolve("image.json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (java.io.InputStream in = Files.newInputStream(file)) {
            return Optional.of(CuratedImageJson.read(in));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + file + ": pull the image again with --force", e);
        }
    }

    public List<CuratedImage> list() {
        List<CuratedImage> images = new ArrayList<>();
        if (!Files.isDirectory(base)) {
            return images;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base)) {
            for (Path dir : dirs) {
                if (!dir.getFileName().toString().startsWith(".")) {
                    find(dir.getFileName().toString()).ifPresent(images::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        images.sort(Comparator.comparing(CuratedImage::name));
        return images;
    }

    /**
     * Where provisioning an image logs while it runs: outside the work directory, so that the
     * log a failed pull points to is still there after the failure. A committed image keeps
     * its log next to its root.
     */
    public Path provisioningLog(String name) {
        return base.resolve(".logs").resolve(name + ".provision.log");
    }

    /** A work directory named after this process; {@link #removeAbandonedWork()} knows it. */
    public Path newWorkDirectory(String name) {
        return WorkDirectories.create(base.resolve(".work"), name);
    }

    public void removeAbandonedWork() {
        WorkDirectories.removeAbandoned(base.resolve(".work"));
    }

    /** Makes {@code work} (holding {@code rootfs/}) the image, replacing an older one of that name. */
    public void commit(Path work, CuratedImage image) {
        Path target = base.resolve(image.name());
        try {
            try (java.io.OutputStream out = Files.newOutputStream(work.resolve("image.json"))) {
                CuratedImageJson.write(image, out);
            }
            WorkDirectories.publish(work, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store curated image " + image.name() + " at " + target, e);
        }
    }

    public boolean remove(String name) {
        try {
            Path dir = base.resolve(name);
            boolean existed = Files.exists(dir);
            deleteTree(dir);
            return existed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        WorkDirectories.deleteTree(dir);
    }
}

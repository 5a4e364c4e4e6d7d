package org.racker.store;

import org.racker.fs.AtomicFiles;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import org.racker.fs.InterProcessLock;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.racker.fs.WorkDirectories;
import org.racker.host.ProcessIdentity;
import org.racker.ImageNotFoundException;
import org.racker.image.Digest;
import org.racker.image.ImageReference;
import org.racker.image.json.Descriptor;
import org.racker.image.json.ImageJson;
import org.racker.fs.StateRoot;

/**
 * Images on disk under {@code ROOT/images}:
 * <pre>
 *   blobs/sha256/HEX     verified blobs, shared between images (a layer is downloaded once)
 *   blobs/sha256/.HEX.RANDOM.PID.TICKS.partial  a blob being downloaded by process PID
 *   roots/ID/image.json  the image record; roots/ID/rootfs the unpacked root
 *   tags.json            reference -> image id
 *   tmp/OWNER.RANDOM     work in progress; renamed into roots/ when complete
 *   locks/               lock files
 * </pre>
 * An image appears in {@code roots/} only by a rename of a complete directory, so a pull
 * that dies half-way leaves nothing {@code run} would use; its tmp directory is removed by
 * the next pull once its owner process is gone.
 */
public final class ImageStore {
    private static final TypeReference<TreeMap<String, String>> TAGS = new TypeReference<>() { };

    private static final String PARTIAL = ".partial";

    private final Path base;

    public ImageStore(Path rackerRoot) {
        this.base = StateRoot.privateDirectory(rackerRoot, "images");
    }

    public Path base() {
        return base;
    }

    public Path blobPath(Digest digest) {
        return base.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
    }

    public boolean hasBlob(Digest digest) {
        return Files.isRegularFile(blobPath(digest));
    }

    public Path rootfsOf(StoredImage image) {
        return base.resolve("roots").resolve(image.id()).resolve("rootfs");
    }

    /** Serialises pulls of one image (by manifest digest or reference) across processes. */
    public InterProcessLock lock(String key) {
        return InterProcessLock.acquire(base.resolve("locks").resolve(key.replaceAll("[^A-Za-z0-9_.-]", "_") + ".lock"));
    }

    /** A fresh work directory, named after this process so that a dead pull's is recognised. */
    public Path newWorkDirectory() {
        return WorkDirectories.create(base.resolve("tmp"), HexFormat.of().formatHex(org.racker.host.KernelRandom.bytes(6)));
    }

    /**
     * Removes the work directories and the partial blobs of pulls whose process has died (a
     * pull killed half-way); those of live pulls stay.
     */
    public void removeAbandonedWork() {
        WorkDirectories.removeAbandoned(base.resolve("tmp"));
        removeAbandonedPartials();
    }

    /**
     * The end of the name of a partial file this process writes beside a blob's place:
     * {@code .PID.STARTTICKS.partial}, so that another pull can tell whether its writer lives
     * (as work directories are named).
     */
    static String partialSuffix() {
        ProcessIdentity self = ProcessIdentity.self();
        return "." + self.pid() + "." + self.startTicks() + PARTIAL;
    }

    private void removeAbandonedPartials() {
        Path blobs = base.resolve("blobs");
        if (!Files.isDirectory(blobs)) {
            return;
        }
        try (DirectoryStream<Path> algorithms = Files.newDirectoryStream(blobs, Files::isDirectory)) {
            for (Path dir : algorithms) {
                try (DirectoryStream<Path> partials = Files.newDirectoryStream(dir, "*" + PARTIAL)) {
                    for (Path partial : partials) {
                        if (isAbandoned(partial)) {
                            Files.deleteIfExists(partial);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean partial downloads in " + blobs, e);
        }
    }

    /**
     * Whether the process that wrote a partial file is gone. One without an owner in its name
     * (from a racker before they had one) counts as abandoned once it has not grown for an
     * hour, so that such a racker still running is not cut off.
     */
    static boolean isAbandoned(Path partial) throws IOException {
        String name = partial.getFileName().toString();
        String[] parts = name.substring(0, name.length() - PARTIAL.length()).split("\\.");
        int n = parts.length;
        if (n >= 2 && parts[n - 2].matches("\\d{1,18}") && parts[n - 1].matches("\\d{1,18}")) {
            return !new ProcessIdentity(Long.parseLong(parts[n - 2]), Long.parseLong(parts[n - 1])).isAlive();
        }
        try {
            return Files.getLastModifiedTime(partial).toInstant().isBefore(Instant.now().minus(Duration.ofHours(1)));
        } catch (NoSuchFileException e) {
            return false; // renamed into place or removed meanwhile
        }
    }

    /**
     * Makes {@code work} (holding {@code rootfs/}) the image {@code image} and tags it with
     * {@code reference}. If the same image (same config) is there already with its layers
     * verified, the work is dropped and only the tag is added: a verified config stands for
     * exact content. A root stored unverified is replaced by the verified work.
     */
    public StoredImage commit(Path work, StoredImage image, ImageReference reference) {
        Path target = base.resolve("roots").resolve(image.id());
        try {
            Files.createDirectories(target.getParent());
            ImageJson.mapper().writerWithDefaultPrettyPrinter().writeValue(work.resolve("image.json").toFile(), image);
            Optional<StoredImage> existing = read(image.id());
            if (existing.isPresent() && existing.get().diffIdsVerified()) {
                deleteTree(work);
            } else {
                // an unverified root, or a directory without a record (a leftover, never an
                // image), is replaced whole: run never finds a half-deleted root here
                WorkDirectories.publish(work, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store image " + image.id() + " under " + target, e);
        }
        tag(reference, image.id());
        return image;
    }

    public void tag(ImageReference reference, String id) {
        try (InterProcessLock lock = lock("tags")) {
            Map<String, String> tags = readTags();
            tags.put(reference.toString(), id);
            writeTags(tags);
        }
    }

    public Optional<StoredImage> find(ImageReference reference) {
        String id = readTags().get(reference.toString());
        return id == null ? Optional.empty() : read(id);
    }

    /** The image with exactly this id (config digest hex), if stored. */
    public Optional<StoredImage> byId(String id) {
        return read(id);
    }

    /** The references tagged to the image with this id, sorted. */
    public List<String> tagsOf(String id) {
        return readTags().entrySet().stream().filter(e -> e.getValue().equals(id)).map(Map.Entry::getKey).sorted()
                .toList();
    }

    /** Whether {@code text} names a tag, rather than an image id. */
    public boolean isTag(String text) {
        String reference = referenceOrNull(text);
        return reference != null && readTags().containsKey(reference);
    }

    /** By reference or by (a unique prefix of) the image id. */
    public StoredImage resolve(String nameOrId) throws ImageNotFoundException {
        try {
            Optional<StoredImage> byName = find(ImageReference.parse(nameOrId));
            if (byName.isPresent()) {
                return byName.get();
            }
        } catch (org.racker.image.InvalidImageReferenceException e) {
            // may still be an id
        }
        String prefix = nameOrId.startsWith("sha256:") ? nameOrId.substring(7) : nameOrId;
        if (prefix.matches("[0-9a-f]{4,64}")) {
            List<StoredImage> matches = allImages().stream().filter(i -> i.id().startsWith(prefix)).toList();
            if (matches.size() == 1) {
                return matches.get(0);
            }
        }
        throw new ImageNotFoundException(nameOrId);
    }

    /** Every tag with its image, sorted by reference; untagged images are listed with a null tag. */
    public List<Map.Entry<String, StoredImage>> list() {
        List<Map.Entry<String, StoredImage>> result = new ArrayList<>();
        Set<String> tagged = new HashSet<>();
        for (Map.Entry<String, String> tag : readTags().entrySet()) {
            read(tag.getValue()).ifPresent(image -> {
                result.add(Map.entry(tag.getKey(), image));
                tagged.add(image.id());
            });
        }
        for (StoredImage image : allImages()) {
            if (!tagged.contains(image.id())) {
                result.add(new java.util.AbstractMap.SimpleEntry<>(null, image));
            }
        }
        return result;
    }

    /**
     * Removes a tag, or all tags of an image given by id; the image itself goes when no tag is
     * left, and then every blob that no remaining image uses.
     *
     * @return the references untagged and whether the image was deleted
     */
    public Removal remove(String nameOrId) throws ImageNotFoundException {
        StoredImage image = resolve(nameOrId);
        List<String> untagged = new ArrayList<>();
        boolean deleted;
        try (InterProcessLock lock = lock("tags")) {
            Map<String, String> tags = readTags();
            String asReference = referenceOrNull(nameOrId);
            if (asReference != null && image.id().equals(tags.get(asReference))) {
                tags.remove(asReference);
                untagged.add(asReference);
            } else {
                tags.entrySet().removeIf(e -> {
                    if (e.getValue().equals(image.id())) {
                        untagged.add(e.getKey());
                        return true;
                    }
                    return false;
                });
            }
            writeTags(tags);
            deleted = !tags.containsValue(image.id());
            if (deleted) {
                deleteTree(base.resolve("roots").resolve(image.id()));
                collectGarbage();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove image " + image.id(), e);
        }
        return new Removal(image, untagged, deleted);
    }

    /** What {@link #remove} did. */
    public record Removal(StoredImage image, List<String> untagged, boolean deleted) { }

    private static String referenceOrNull(String text) {
        try {
            return ImageReference.parse(text).toString();
        } catch (org.racker.image.InvalidImageReferenceException e) {
            return null;
        }
    }

    /** Deletes those of {@code blobs} that no stored image refers to. */
    public void discardUnusedBlobs(Collection<Digest> blobs) {
        try (InterProcessLock lock = lock("tags")) {
            Set<String> used = usedBlobs();
            for (Digest blob : blobs) {
                if (!used.contains(blob.hex())) {
                    Files.deleteIfExists(blobPath(blob));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove blobs of a failed pull", e);
        }
    }

    /** Deletes blobs no stored image refers to. Called with the tags lock held. */
    private void collectGarbage() throws IOException {
        Set<String> used = usedBlobs();
        Path blobs = base.resolve("blobs").resolve("sha256");
        if (!Files.isDirectory(blobs)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(blobs)) {
            for (Path blob : files) {
                if (!blob.getFileName().toString().endsWith(PARTIAL) && !used.contains(blob.getFileName().toString())) {
                    Files.deleteIfExists(blob);
                }
            }
        }
    }

    private Set<String> usedBlobs() {
        Set<String> used = new HashSet<>();
        for (StoredImage image : allImages()) {
            used.add(image.manifestDigest().hex());
            used.add(image.configDigest().hex());
            for (Descriptor layer : image.layers()) {
                used.add(layer.digest().hex());
            }
        }
        return used;
    }

    private List<StoredImage> allImages() {
        Path roots = base.resolve("roots");
        List<StoredImage> images = new ArrayList<>();
        if (!Files.isDirectory(roots)) {
            return images;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(roots)) {
            for (Path dir : dirs) {
                read(dir.getFileName().toString()).ifPresent(images::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + roots, e);
        }
        return images;
    }

    private Optional<StoredImage> read(String id) {
        Path file = base.resolve("roots").resolve(id).resolve("image.json");
        try {
            return Optional.of(ImageJson.mapper().readValue(file.toFile(), StoredImage.class));
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable image record " + file + ": remove it with racker rmi " + id, e);
        }
    }

    private TreeMap<String, String> readTags() {
        Path file = base.resolve("tags.json");
        try {
            return Files.exists(file) ? ImageJson.mapper().readValue(file.toFile(), TAGS) : new TreeMap<>();
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + file, e);
        }
    }

    private void writeTags(Map<String, String> tags) {
        Path file = base.resolve("tags.json");
        try {
            Files.createDirectories(base);
            AtomicFiles.write(file, ImageJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(tags));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        WorkDirectories.deleteTree(dir);
    }
}

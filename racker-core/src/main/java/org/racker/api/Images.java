package org.racker.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.racker.EventLog;
import org.racker.ImageNotFoundException;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.distro.BootableImage;
import org.racker.distro.BootableImageStore;
import org.racker.distro.Catalogue;
import org.racker.distro.CatalogueDirs;
import org.racker.distro.CatalogueEntry;
import org.racker.distro.CuratedImage;
import org.racker.distro.CuratedImageStore;
import org.racker.distro.ImageSource;
import org.racker.distro.ImageSources;
import org.racker.image.ImageReference;
import org.racker.image.Platform;
import org.racker.image.json.ImageJson;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;
import org.racker.state.ContainerStore;
import org.racker.store.ImageStore;
import org.racker.store.PullProgress;
import org.racker.store.StoredImage;

/**
 * The images of one state root: pulled, imported, derived and curated ones; what the
 * {@code racker image} and {@code postroj pull} commands do, as calls. Obtained from
 * {@link Racker#images()}.
 */
public final class Images {
    private final Path root;
    private final EventLog log;
    private final boolean tlsVerify;
    private final PullProgress pullProgress;
    /** Read at its first use, then kept: a pull of several names consults it several times. */
    private Catalogue catalogue;

    Images(Path root, EventLog log, boolean tlsVerify, PullProgress pullProgress) {
        this.root = Objects.requireNonNull(root, "root");
        this.log = Objects.requireNonNull(log, "log");
        this.tlsVerify = tlsVerify;
        this.pullProgress = Objects.requireNonNull(pullProgress, "pullProgress");
    }

    /**
     * The images {@code filter} wants: each tag of a registry image (sorted by reference),
     * then the untagged ones, then the bootable images racker made.
     */
    public List<ImageSummary> list(ImageFilter filter) {
        Objects.requireNonNull(filter, "filter");
        ImageStore store = new ImageStore(root);
        List<ImageSummary> result = new ArrayList<>();
        for (Map.Entry<String, StoredImage> e : store.list()) {
            if (filter.matches(e.getKey())) {
                result.add(summary(e.getKey(), e.getValue()));
            }
        }
        for (BootableImage b : new BootableImageStore(root).list()) {
            // a bootable image is listed under its base's repository
            if (filter.matches(b.baseReference())) {
                result.add(summary(b, store));
            }
        }
        return result;
    }

    private static ImageSummary summary(String reference, StoredImage image) {
        Optional<String> repository = Optional.empty();
        Optional<String> tag = Optional.empty();
        if (reference != null) {
            try {
                ImageReference ref = ImageReference.parse(reference);
                repository = Optional.of(ref.name());
                tag = ref.tag();
            } catch (InvalidArgumentException e) {
                repository = Optional.of(reference);
            }
        }
        return new ImageSummary(Optional.ofNullable(reference), repository, tag, image.id(),
                Optional.of(image.manifestDigest().toString()), image.config().createdInstant(), image.size(), false);
    }

    /**
     * A bootable image: its base's repository, tagged with the base's tag and the suffix, or
     * untagged once the base's tag names a newer image, as docker shows a dangling one.
     */
    private static ImageSummary summary(BootableImage image, ImageStore store) {
        Optional<String> repository;
        Optional<String> tag;
        try {
            ImageReference base = ImageReference.parse(image.baseReference());
            boolean current = store.find(base).map(i -> i.id().equals(image.baseId())).orElse(true);
            repository = Optional.of(base.name());
            tag = current ? Optional.of(base.tag().orElse("latest") + BootableImage.TAG_SUFFIX) : Optional.empty();
        } catch (InvalidArgumentException e) {
            repository = Optional.of(image.baseReference());
            tag = Optional.empty();
        }
        return new ImageSummary(Optional.of(image.reference()), repository, tag, image.id(), Optional.empty(),
                Optional.of(Instant.parse(image.created())), image.size(), true);
    }

    /**
     * What is known of the image {@code name} (a reference, an id or its prefix, a curated
     * image's name, or {@code IMAGE+boot}), as the JSON documents {@code racker image
     * inspect} prints: for a registry image its manifest and config, for a curated or
     * bootable image its provenance. A bootable name can match several images (one per base
     * it was made from), hence the list.
     *
     * @throws ImageNotFoundException when nothing answers to {@code name}
     */
    public List<JsonNode> inspect(String name) throws ImageNotFoundException {
        ObjectMapper json = ImageJson.mapper();
        BootableImageStore bootables = new BootableImageStore(root);
        List<BootableImage> derived = bootables.resolve(name);
        if (!derived.isEmpty()) {
            return derived.stream().map(b -> (JsonNode) json.valueToTree(bootableRecord(b, bootables.rootfsOf(b.id()))))
                    .toList();
        }
        // curated names resolve first, as they do for run
        CuratedImageStore curated = new CuratedImageStore(root);
        Optional<CuratedImage> pulled = isCuratedName(name) ? curated.find(name) : Optional.empty();
        if (pulled.isPresent()) {
            return List.of(json.valueToTree(curatedRecord(pulled.get(), curated.rootfsOf(name))));
        }
        ImageStore store = new ImageStore(root);
        StoredImage image = store.resolve(name);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", "sha256:" + image.id());
        m.put("RepoTags", store.list().stream().filter(e -> e.getKey() != null && e.getValue().id().equals(image.id()))
                .map(Map.Entry::getKey).toList());
        m.put("Digest", image.manifestDigest().toString());
        m.put("Platform", image.platform());
        m.put("Source", image.source());
        m.put("Pulled", image.pulled());
        m.put("Size", image.size());
        m.put("Rootfs", store.rootfsOf(image).toString());
        m.put("Layers", image.layers());
        m.put("Config", image.config());
        return List.of(json.valueToTree(m));
    }

    private static boolean isCuratedName(String name) {
        return name.matches("[a-z0-9][a-z0-9._-]*");
    }

    /** A bootable image racker made from a registry image: its base and how it was provisioned. */
    private static Map<String, Object> bootableRecord(BootableImage image, Path rootfs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", "sha256:" + image.id());
        m.put("RepoTags", List.of(image.reference()));
        m.put("DerivedFrom", DerivedImage.of(image).inspectDocument());
        m.put("Size", image.size());
        m.put("Rootfs", rootfs.toString());
        m.put("Provisioning", image.steps());
        return m;
    }

    /** A curated image's provenance: which source served, the digest or mirror state, and how it was made ready. */
    private static Map<String, Object> curatedRecord(CuratedImage image, Path rootfs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", image.name());
        m.put("Curated", true);
        m.put("Distribution", image.distribution());
        m.put("Release", image.release());
        m.put("PackageManager", image.packageManager());
        m.put("Source", image.source());
        m.put("SourceDetail", image.sourceDetail());
        m.put("Pulled", image.pulled());
        m.put("Rootfs", rootfs.toString());
        m.put("Provisioning", image.provisioning());
        m.put("MaskedUnits", image.maskedUnits());
        return m;
    }

    /**
     * Pulls {@code reference} from its registry into the store, reporting to the
     * {@link Racker.Builder#pullProgress pull listener}; an image whose manifest is there
     * already is not fetched again.
     *
     * @param platform {@code OS/ARCH[/VARIANT]} to pick from a multi-platform image; null for the host's
     * @return the image's id (its config digest's hex)
     */
    public String pull(String reference, String platform) throws RackerException {
        Platform chosen = platform == null ? Platform.host() : Platform.parse(platform);
        return new ImageSources(root, log, tlsVerify).pull(ImageReference.parse(reference), chosen, pullProgress).id();
    }

    /**
     * Removes the image {@code name}: a tag is untagged, and the image deleted with its last
     * tag (an id deletes it with all its tags), with the blobs no other image uses;
     * {@code IMAGE+boot} or a bootable image's id removes the bootable image racker made. An
     * image a container's root is made from stays: always while the container runs, unless
     * {@code force} once it has exited. One result per image the name matched.
     *
     * @throws ImageNotFoundException when nothing answers to {@code name}
     */
    public List<RemoveResult> remove(String name, boolean force) throws ImageNotFoundException, InterruptedException {
        List<ContainerRecord> containers = new ContainerStore(root).list();
        BootableImageStore bootables = new BootableImageStore(root);
        List<BootableImage> derived = bootables.resolve(name);
        if (!derived.isEmpty()) {
            List<RemoveResult> results = new ArrayList<>();
            for (BootableImage b : derived) {
                Optional<String> conflict = conflict(name, b.id(), bootables.rootfsOf(b.id()), containers, force);
                if (conflict.isPresent()) {
                    results.add(RemoveResult.refused(conflict.get()));
                    continue;
                }
                bootables.remove(b);
                results.add(RemoveResult.removed(name.endsWith(BootableImage.TAG_SUFFIX) ? List.of(name) : List.of(),
                        Optional.of(b.id())));
            }
            return results;
        }
        ImageStore store = new ImageStore(root);
        StoredImage stored = store.resolve(name);
        boolean lastName = !store.isTag(name) || store.tagsOf(stored.id()).size() <= 1;
        Optional<String> conflict = lastName ? conflict(name, stored.id(), store.rootfsOf(stored), containers, force)
                : Optional.empty();
        if (conflict.isPresent()) {
            return List.of(RemoveResult.refused(conflict.get()));
        }
        ImageStore.Removal removal = store.remove(name);
        return List.of(RemoveResult.removed(removal.untagged(),
                removal.deleted() ? Optional.of(removal.image().id()) : Optional.empty()));
    }

    /**
     * Why an image may not go, in docker's words: a running container's root is the image's
     * (never, even forced); a stopped one's could be booted again (unless forced).
     */
    private static Optional<String> conflict(String name, String id, Path rootfs, List<ContainerRecord> containers,
            boolean force) {
        String rootPath = rootfs.toAbsolutePath().normalize().toString();
        for (ContainerRecord c : containers) {
            if (!rootPath.equals(c.rootfs())) {
                continue;
            }
            String shortId = c.id().substring(0, 12);
            if (c.status() != ContainerStatus.EXITED) {
                return Optional.of("conflict: unable to delete " + name + " (cannot be forced) - image is being used by"
                        + " running container " + shortId + ": stop it first");
            }
            if (!force) {
                return Optional.of("conflict: unable to remove repository reference "
                        + InvalidArgumentException.quoted(name) + " (must force) - container " + shortId
                        + " is using its referenced image " + id.substring(0, Math.min(12, id.length()))
                        + ": remove the container, or use rmi -f");
            }
        }
        return Optional.empty();
    }

    /**
     * The curated distribution images: the built-in catalogue with the entries of the
     * {@code *.json} files in {@code /etc/racker/images.d} and {@code ~/.config/racker/images.d}
     * ({@code $RACKER_IMAGES_D}), each with when it was pulled into this state root.
     */
    public List<CuratedEntry> catalogue() throws InvalidArgumentException {
        CuratedImageStore pulled = new CuratedImageStore(root);
        return loaded().all().stream().map(e -> entry(e, pulled)).toList();
    }

    /**
     * The names of the curated distribution images, in the catalogue's order; reads no state
     * root, so it needs no {@link Racker}.
     */
    public static List<String> curatedNames() throws InvalidArgumentException {
        return loadCatalogue().all().stream().map(CatalogueEntry::name).toList();
    }

    /**
     * The curated catalogue in the JSON form the {@code images.d} files use, indented: a copy
     * can be edited into a file of one's own. Reads no state root.
     */
    public static String catalogueJson() throws InvalidArgumentException {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(loadCatalogue().all());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the catalogue's own records cannot be written as JSON", e);
        }
    }

    /**
     * The catalogue's entries of {@code names} (names or aliases), in that order.
     *
     * @throws InvalidArgumentException naming the first one the catalogue does not know
     */
    public List<CuratedEntry> catalogue(List<String> names) throws InvalidArgumentException {
        Catalogue known = loaded();
        CuratedImageStore pulled = new CuratedImageStore(root);
        List<CuratedEntry> result = new ArrayList<>();
        for (String name : names) {
            result.add(entry(known.find(name).orElseThrow(() -> unknown(name)), pulled));
        }
        return result;
    }

    /**
     * What pulls curated images into this state root, with the registries' settings read once
     * for all of them.
     *
     * @throws RackerException when registries.conf cannot be read
     */
    public CuratedPuller curatedPuller() throws RackerException {
        ImageSources sources = new ImageSources(root, log, true);
        return new CuratedPuller(loaded(), sources.curated(), sources.curatedPuller());
    }

    static InvalidArgumentException unknown(String name) {
        return new InvalidArgumentException("unknown image \"" + name + "\": postroj list-images shows the curated images");
    }

    private synchronized Catalogue loaded() throws InvalidArgumentException {
        if (catalogue == null) {
            catalogue = loadCatalogue();
        }
        return catalogue;
    }

    private static Catalogue loadCatalogue() throws InvalidArgumentException {
        return Catalogue.load(CatalogueDirs.fromEnvironment());
    }

    private static CuratedEntry entry(CatalogueEntry e, CuratedImageStore pulled) {
        return new CuratedEntry(e.name(), e.distribution(), e.release(), e.packageManager(),
                e.sources().stream().map(Images::kind).toList(), e.aliases(),
                pulled.find(e.name()).map(CuratedImage::pulled));
    }

    private static String kind(ImageSource source) {
        if (source instanceof ImageSource.Bootstrap b) {
            return b.tool();
        }
        return source instanceof ImageSource.Docker ? "docker" : "tarball";
    }
}

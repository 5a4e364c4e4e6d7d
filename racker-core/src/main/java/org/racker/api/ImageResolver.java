package org.racker.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.distro.Catalogue;
import org.racker.distro.CatalogueDirs;
import org.racker.distro.CatalogueEntry;
import org.racker.distro.ImageSources;
import org.racker.image.ImageReference;
import org.racker.image.Platform;
import org.racker.store.PullProgress;
import org.racker.store.StoredImage;

/**
 * Turns an {@link Image} into a root directory: a directory is used as it is; a name is
 * looked up in the state root and pulled when missing, as docker does. Curated names come
 * first, as upstream racker resolved them; anything else is a registry reference.
 */
final class ImageResolver {
    private final ImageSources sources;
    private final PullProgress progress;
    private final Consumer<String> notices;

    ImageResolver(ImageSources sources, PullProgress progress, Consumer<String> notices) {
        this.sources = sources;
        this.progress = progress;
        this.notices = notices;
    }

    ResolvedImage resolve(Image image, PullPolicy policy) throws RackerException {
        if (image.directory() != null) {
            Path dir = image.directory();
            if (!Files.isDirectory(dir)) {
                throw new InvalidArgumentException("no such root directory: " + dir
                        + " (give the directory of an unpacked root filesystem)");
            }
            return new ResolvedImage(dir.toAbsolutePath().normalize(), dir.toString(), ImageDefaults.NONE);
        }
        String name = image.name();
        if (name.matches("[a-z0-9][a-z0-9._-]*")) {
            var curated = sources.curated();
            if (curated.find(name).isPresent() && policy != PullPolicy.ALWAYS) {
                return new ResolvedImage(curated.rootfsOf(name), name, ImageDefaults.NONE);
            }
            var entry = Catalogue.load(CatalogueDirs.fromEnvironment()).find(name);
            if (entry.isPresent()) {
                return new ResolvedImage(pullCurated(entry.get(), policy), name, ImageDefaults.NONE);
            }
        }
        ImageReference reference = ImageReference.parse(name);
        StoredImage stored = sources.store().find(reference).orElse(null);
        if (policy == PullPolicy.ALWAYS || (stored == null && policy == PullPolicy.MISSING)) {
            if (stored == null) {
                notices.accept("Unable to find image '" + reference + "' locally");
            }
            stored = sources.pull(reference, Platform.host(), progress);
        }
        if (stored == null) {
            throw new InvalidArgumentException("image " + reference + " is not in the store and --pull=never was"
                    + " given: racker pull it first");
        }
        return new ResolvedImage(sources.store().rootfsOf(stored), name, ImageDefaults.of(stored.config()));
    }

    private Path pullCurated(CatalogueEntry entry, PullPolicy policy) throws RackerException {
        if (policy == PullPolicy.NEVER) {
            throw new InvalidArgumentException("image " + entry.name() + " is not pulled and --pull=never was given:"
                    + " postroj pull " + entry.name() + " first");
        }
        notices.accept("Unable to find image '" + entry.name() + "' locally: pulling the curated image");
        sources.curatedPuller().pull(entry);
        return sources.curated().rootfsOf(entry.name());
    }
}

package org.racker.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.distro.BootableImage;
import org.racker.distro.BootableImages;
import org.racker.distro.Catalogue;
import org.racker.distro.CatalogueDirs;
import org.racker.distro.CatalogueEntry;
import org.racker.distro.ImageSources;
import org.racker.image.ImageReference;
import org.racker.image.Platform;
import org.racker.EventLog;
import org.racker.runtime.OfflineCommand;
import org.racker.store.PullProgress;
import org.racker.store.StoredImage;

/**
 * Turns an {@link Image} into a root directory: a directory is used as it is; a name is
 * looked up in the state root and pulled when missing, as docker does. Curated names come
 * first (by name or alias), as upstream racker resolved them; anything else is a registry
 * reference. A registry image without systemd that is to boot gets its bootable image (see
 * {@link BootableImages}); one racker cannot make bootable runs as an application container.
 */
final class ImageResolver {
    private final ImageSources sources;
    private final PullProgress progress;
    private final Consumer<String> notices;
    private final EventLog log;

    ImageResolver(ImageSources sources, PullProgress progress, Consumer<String> notices, EventLog log) {
        this.sources = sources;
        this.progress = progress;
        this.notices = notices;
        this.log = log;
    }

    ResolvedImage resolve(Image image, PullPolicy policy, ContainerConfig.Mode mode) throws RackerException {
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
                String canonical = entry.get().name();
                if (curated.find(canonical).isPresent() && policy != PullPolicy.ALWAYS) {
                    return new ResolvedImage(curated.rootfsOf(canonical), name, ImageDefaults.NONE);
                }
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
        Path rootfs = sources.store().rootfsOf(stored);
        ImageDefaults defaults = ImageDefaults.of(stored.config());
        if (mode == ContainerConfig.Mode.APP || OfflineCommand.hasSystemd(rootfs)) {
            return new ResolvedImage(rootfs, name, defaults);
        }
        BootableImages.Family family = BootableImages.family(rootfs);
        if (family.manager().isEmpty()) {
            if (mode == ContainerConfig.Mode.BOOT) {
                throw new InvalidArgumentException("cannot boot " + name + ": it has no systemd, and racker cannot"
                        + " install it: " + family.reason() + "; run it with --mode app");
            }
            log.info(name + " has no systemd and " + family.reason() + ": running it as an application container");
            return new ResolvedImage(rootfs, name, defaults);
        }
        BootableImages bootables = new BootableImages(sources.root(), log);
        BootableImage bootable = bootables.bootable(stored, reference.toString(), name, rootfs, family, notices);
        return new ResolvedImage(bootables.store().rootfsOf(bootable.id()), name, defaults,
                reference + "@" + bootable.baseManifestDigest());
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

package org.racker.probe;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.racker.EventLog;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.distro.Catalogue;
import org.racker.distro.CatalogueDirs;
import org.racker.distro.CatalogueEntry;
import org.racker.distro.CuratedImages;
import org.racker.distro.ImageSources;

/**
 * The curated images probes boot, by distribution name (debian-bookworm, fedora-40, ...): the
 * catalogue's images, pulled under the state root when first probed.
 */
public final class ProbeImages {
    private final Catalogue catalogue;
    private final CuratedImages curated;

    /** The catalogue's images (with the catalogue directories the environment names), stored under {@code root}. */
    public ProbeImages(Path root, EventLog log) throws RackerException {
        this(root, log, Catalogue.load(CatalogueDirs.fromEnvironment()));
    }

    ProbeImages(Path root, EventLog log, Catalogue catalogue) {
        this.catalogue = catalogue;
        this.curated = new CuratedImages(new ImageSources(root, log, true), catalogue);
    }

    /** Every curated image's name, in the catalogue's order. */
    public List<String> names() {
        return catalogue.all().stream().map(CatalogueEntry::name).toList();
    }

    /** The names of the images pulled here. */
    public List<String> pulledNames() {
        return curated.pulledNames();
    }

    /**
     * Refuses, before anything is pulled or booted, an unknown image or package files (URLs
     * or paths) its distribution cannot install.
     */
    public void checkPackages(String name, List<String> packages) throws InvalidArgumentException {
        PackageInstall.checkSuffixes(curated.entry(name).manager(), packages, name);
    }

    /** The image {@code name}, pulled first when it is not yet (said on {@code notices}). */
    public ProbeImage get(String name, Consumer<String> notices) throws RackerException {
        CuratedImages.Pulled pulled = curated.ready(name, notices);
        return new ProbeImage(name, pulled.rootfs(), pulled.entry(), pulled.record());
    }
}

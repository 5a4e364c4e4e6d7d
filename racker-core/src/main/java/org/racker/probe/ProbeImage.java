package org.racker.probe;

import java.nio.file.Path;
import org.racker.distro.CatalogueEntry;
import org.racker.distro.CuratedImage;
import org.racker.distro.PackageManager;

/**
 * A curated image ready to probe: pulled, its root on disk, with what a probe needs to know of
 * its distribution (how it installs packages) and where it came from. Made by {@link ProbeImages}.
 */
public final class ProbeImage {
    private final String name;
    private final Path rootfs;
    private final CatalogueEntry entry;
    private final CuratedImage pulled;

    ProbeImage(String name, Path rootfs, CatalogueEntry entry, CuratedImage pulled) {
        this.name = name;
        this.rootfs = rootfs;
        this.entry = entry;
        this.pulled = pulled;
    }

    /** The name the image was asked for by. */
    public String name() {
        return name;
    }

    /** The catalogue's name of the image's distribution and release. */
    public String distribution() {
        return entry.name();
    }

    /** The image's root directory. */
    public Path rootfs() {
        return rootfs;
    }

    /** The package manager of the image's distribution. */
    public PackageManager manager() {
        return entry.manager();
    }

    /** Where the image came from and when it was pulled (for reports), null when that is not recorded. */
    public String provenance() {
        return pulled == null ? null : pulled.source() + " " + pulled.sourceDetail() + ", pulled " + pulled.pulled();
    }

    @Override
    public String toString() {
        return name;
    }
}

package org.racker.distro;

import java.util.List;

/**
 * A curated distribution image: its name as upstream racker spelled it ({@code
 * debian-bookworm}, {@code fedora-37}), what it is, and where to get it from.
 */
public record CatalogueEntry(
        String name,
        String family,
        String distribution,
        String release,
        String packageManager,
        List<ImageSource> sources,
        String notes) {

    public CatalogueEntry {
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    public PackageManager manager() {
        return PackageManager.of(packageManager);
    }

    /**
     * The apt settings the entry's mirror needs, as its bootstrap sources give them (e.g.
     * {@code Acquire::Check-Valid-Until "false"} for a snapshot mirror whose Release file has
     * expired). They hold for the image whichever source served it: a registry image's
     * sources.list names the same mirror, and mmdebstrap keeps them in a root it bootstraps.
     */
    public List<String> aptOptions() {
        return sources.stream().filter(ImageSource.Bootstrap.class::isInstance).map(ImageSource.Bootstrap.class::cast)
                .flatMap(b -> b.aptOptions().stream()).distinct().toList();
    }
}

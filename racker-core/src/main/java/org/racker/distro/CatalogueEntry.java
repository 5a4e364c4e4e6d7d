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
}

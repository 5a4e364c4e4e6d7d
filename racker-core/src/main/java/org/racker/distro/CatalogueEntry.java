package org.racker.distro;

import java.util.List;

/**
 * A curated distribution image: its name ({@code debian-bookworm}, {@code fedora-37}), what
 * it is, and where to get it from.
 *
 * @param aliases the other names it answers to: upstream racker's spellings, which named an
 *     image both by distribution and release ({@code debian-bookworm}) and by distribution and
 *     version ({@code debian-12}), and spelled some distributions out ({@code rockylinux-8})
 */
public record CatalogueEntry(
        String name,
        String family,
        String distribution,
        String release,
        String packageManager,
        List<ImageSource> sources,
        String notes,
        List<String> aliases) {

    public CatalogueEntry {
        sources = sources == null ? List.of() : List.copyOf(sources);
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
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

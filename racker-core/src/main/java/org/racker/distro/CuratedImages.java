package org.racker.distro;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;

/** Finds a curated image's catalogue entry and root, pulling the image when it is missing. */
public final class CuratedImages {
    private final ImageSources sources;
    private final Catalogue catalogue;

    public CuratedImages(ImageSources sources, Catalogue catalogue) {
        this.sources = sources;
        this.catalogue = catalogue;
    }

    public CatalogueEntry entry(String name) throws InvalidArgumentException {
        return catalogue.find(name).orElseThrow(() -> new InvalidArgumentException("unknown image \"" + name
                + "\": postroj list-images shows the curated images"));
    }

    /** The image's root; pulled first (with its boot profile) when it is not yet, said on {@code notices}. */
    public Path rootfs(String name, Consumer<String> notices) throws RackerException {
        CatalogueEntry entry = entry(name);
        if (sources.curated().find(entry.name()).isEmpty()) {
            notices.accept(name + ": not pulled yet, pulling it");
            sources.curatedPuller().pull(entry);
        }
        return sources.curated().rootfsOf(entry.name());
    }

    /** The record of a pulled image (where it came from, when), null when it is not pulled. */
    public CuratedImage pulled(String name) {
        String canonical = catalogue.find(name).map(CatalogueEntry::name).orElse(name);
        return sources.curated().find(canonical).orElse(null);
    }

    public List<String> pulledNames() {
        return sources.curated().list().stream().map(CuratedImage::name).toList();
    }
}

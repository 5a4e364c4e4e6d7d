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

    /** A pulled image: its catalogue entry, its root and its record (where it came from, when). */
    public record Pulled(CatalogueEntry entry, Path rootfs, CuratedImage record) { }

    /** The image, pulled first when it is not yet (said on {@code notices}); its record read once. */
    public Pulled ready(String name, Consumer<String> notices) throws RackerException {
        CatalogueEntry entry = entry(name);
        java.util.Optional<CuratedImage> record = sources.curated().find(entry.name());
        if (record.isEmpty()) {
            notices.accept(name + ": not pulled yet, pulling it");
            sources.curatedPuller().pull(entry);
            record = sources.curated().find(entry.name());
        }
        return new Pulled(entry, sources.curated().rootfsOf(entry.name()), record.orElse(null));
    }

    public List<String> pulledNames() {
        return sources.curated().list().stream().map(CuratedImage::name).toList();
    }
}

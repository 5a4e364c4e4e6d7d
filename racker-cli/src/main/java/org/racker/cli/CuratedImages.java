package org.racker.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.distro.Catalogue;
import org.racker.distro.CatalogueEntry;
import org.racker.runtime.EventLog;

/** Finds a curated image's catalogue entry and root, pulling the image when it is missing. */
final class CuratedImages {
    private final ImageService service;
    private final Catalogue catalogue;

    CuratedImages(GlobalOptions global, EventLog log) throws RackerException {
        this.service = new ImageService(global, log, true);
        this.catalogue = Catalogue.load(CatalogueDirs.fromEnvironment());
    }

    CatalogueEntry entry(String name) throws InvalidArgumentException {
        return catalogue.find(name).orElseThrow(() -> new InvalidArgumentException("unknown image \"" + name
                + "\": postroj list-images shows the curated images"));
    }

    Path rootfs(String name, PrintWriter progress) throws RackerException {
        CatalogueEntry entry = entry(name);
        if (service.curated().find(name).isEmpty()) {
            progress.println(name + ": not pulled yet, pulling it");
            progress.flush();
            service.curatedPuller().pull(entry, true);
        }
        return service.curated().rootfsOf(name);
    }

    /** The record of a pulled image (where it came from, when), null when it is not pulled. */
    org.racker.distro.CuratedImage pulled(String name) {
        return service.curated().find(name).orElse(null);
    }

    java.util.List<String> pulledNames() {
        return service.curated().list().stream().map(org.racker.distro.CuratedImage::name).toList();
    }
}

package org.racker.api;

import java.util.List;
import java.util.Optional;
import org.racker.RackerException;
import org.racker.distro.Catalogue;
import org.racker.distro.CatalogueEntry;
import org.racker.distro.CuratedImage;
import org.racker.distro.CuratedImagePuller;
import org.racker.distro.CuratedImageStore;

/**
 * Pulls curated images and makes them bootable: what {@code postroj pull} does for each name.
 * Obtained from {@link Images#curatedPuller()}; one serves any number of pulls.
 */
public final class CuratedPuller {
    private final Catalogue catalogue;
    private final CuratedImageStore store;
    private final CuratedImagePuller puller;

    CuratedPuller(Catalogue catalogue, CuratedImageStore store, CuratedImagePuller puller) {
        this.catalogue = catalogue;
        this.store = store;
        this.puller = puller;
    }

    /**
     * Pulls the curated image {@code name} (a name or an alias): its sources are tried in
     * turn, the first that serves wins. An image pulled before is kept unless {@code force}.
     *
     * @throws org.racker.InvalidArgumentException when the catalogue knows no such image
     * @throws RackerException when no source served; nothing of the image is left then
     */
    public CuratedPull pull(String name, boolean force) throws RackerException {
        CatalogueEntry entry = catalogue.find(name).orElseThrow(() -> Images.unknown(name));
        Optional<CuratedImage> present = store.find(entry.name());
        if (!force && present.isPresent()) {
            return new CuratedPull(entry.name(), true, present.get().source(), present.get().sourceDetail(), List.of());
        }
        CuratedImagePuller.Result result = puller.pull(entry);
        return new CuratedPull(entry.name(), false, result.image().source(), result.image().sourceDetail(),
                result.failedSources());
    }
}

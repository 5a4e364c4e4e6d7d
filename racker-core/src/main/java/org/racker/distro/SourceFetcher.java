package org.racker.distro;

import java.nio.file.Path;
import org.racker.RackerException;

/** Fills an empty root directory from one kind of {@link ImageSource}. */
interface SourceFetcher {
    /**
     * Makes {@code rootfs} (not existing yet) the image's root; returns the provenance detail
     * (a digest, or a mirror and date).
     */
    String fetch(CatalogueEntry entry, ImageSource source, Path rootfs) throws RackerException;
}

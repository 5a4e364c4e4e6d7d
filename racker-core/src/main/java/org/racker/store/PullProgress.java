package org.racker.store;

import org.racker.image.json.Descriptor;

/** What a pull reports as it goes; the CLI draws bars or prints lines from it. */
public interface PullProgress {
    PullProgress SILENT = new PullProgress() { };

    /** The image resolved to this manifest; {@code layers} will be fetched or reused. */
    default void resolved(String reference, String manifestDigest, int layers) { }

    /** A layer is already in the store. */
    default void layerExists(Descriptor layer) { }

    default void layerDownloading(Descriptor layer, long received, long total) { }

    default void layerDownloaded(Descriptor layer) { }

    default void unpacking(int layers) { }

    default void done(StoredImage image, boolean alreadyPresent) { }
}

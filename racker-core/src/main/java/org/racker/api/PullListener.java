package org.racker.api;

/**
 * What a pull from a registry reports as it goes, for a caller that shows progress (a bar per
 * layer, a line per event). Every method has an empty default: implement those of interest.
 * Calls may come from several threads, one per layer being fetched.
 */
public interface PullListener {
    /** Reports nothing. */
    PullListener SILENT = new PullListener() { };

    /** The reference resolved to the manifest {@code manifestDigest}, whose {@code layers} will be fetched or reused. */
    default void resolved(String reference, String manifestDigest, int layers) { }

    /** The layer {@code digest} ({@code sha256:...}) of {@code size} bytes is already in the store. */
    default void layerExists(String digest, long size) { }

    /** {@code received} of the layer's {@code total} bytes have arrived. */
    default void layerDownloading(String digest, long received, long total) { }

    /** The layer {@code digest} of {@code size} bytes has arrived whole. */
    default void layerDownloaded(String digest, long size) { }

    /** The fetched layers are being unpacked into the image's root. */
    default void unpacking(int layers) { }

    /**
     * The image is in the store.
     *
     * @param source where it came from, e.g. {@code docker://quay.io/centos/centos:stream9}
     * @param alreadyPresent whether the store held this manifest already, so nothing was fetched
     */
    default void done(String source, String manifestDigest, boolean alreadyPresent) { }
}

package org.racker.api;

import java.util.List;

/**
 * What {@link CuratedPuller#pull} did for one curated image.
 *
 * @param name the image's catalogue name (an alias given resolves to it)
 * @param alreadyPresent whether the image was there and kept, so nothing was pulled
 * @param source the source that served, e.g. {@code mmdebstrap bookworm from http://...}
 * @param sourceDetail the digest of a registry image or tarball, or the mirror and date of a bootstrap
 * @param skippedSources each source tried before the one that served, with why it failed
 */
public record CuratedPull(String name, boolean alreadyPresent, String source, String sourceDetail,
        List<String> skippedSources) {

    public CuratedPull {
        skippedSources = List.copyOf(skippedSources);
    }
}

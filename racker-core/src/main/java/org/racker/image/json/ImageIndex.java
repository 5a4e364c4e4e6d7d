package org.racker.image.json;

import java.util.List;
import java.util.Map;

/**
 * An image index (https://github.com/opencontainers/image-spec/blob/main/image-index.md) or
 * Docker manifest list (https://distribution.github.io/distribution/spec/manifest-v2-2/):
 * manifests for several platforms under one tag.
 */
public record ImageIndex(
        int schemaVersion,
        String mediaType,
        String artifactType,
        List<Descriptor> manifests,
        Descriptor subject,
        Map<String, String> annotations) {

    public static ImageIndex of(String mediaType, List<Descriptor> manifests) {
        return new ImageIndex(2, mediaType, null, List.copyOf(manifests), null, null);
    }

    public List<Descriptor> manifests() {
        return manifests == null ? List.of() : manifests;
    }
}

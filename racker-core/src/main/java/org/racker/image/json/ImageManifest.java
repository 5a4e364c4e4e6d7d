package org.racker.image.json;

import java.util.List;
import java.util.Map;

/**
 * An image manifest: a config and the layers in order, base first. One record serves both the
 * OCI manifest (https://github.com/opencontainers/image-spec/blob/main/manifest.md) and
 * Docker's schema 2, which have the same shape and differ in media types.
 */
public record ImageManifest(
        int schemaVersion,
        String mediaType,
        String artifactType,
        Descriptor config,
        List<Descriptor> layers,
        Descriptor subject,
        Map<String, String> annotations) {

    public static ImageManifest of(String mediaType, Descriptor config, List<Descriptor> layers) {
        return new ImageManifest(2, mediaType, null, config, List.copyOf(layers), null, null);
    }

    public List<Descriptor> layers() {
        return layers == null ? List.of() : layers;
    }
}

package org.racker.image.json;

import java.util.List;
import java.util.Map;
import org.racker.image.Digest;

/**
 * A content descriptor: what a blob is, its digest and size
 * (https://github.com/opencontainers/image-spec/blob/main/descriptor.md). {@code platform}
 * is set on index entries only.
 */
public record Descriptor(
        String mediaType,
        Digest digest,
        long size,
        List<String> urls,
        Map<String, String> annotations,
        DescriptorPlatform platform,
        String artifactType) {

    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, null, null, null, null);
    }

    public Descriptor withPlatform(DescriptorPlatform newPlatform) {
        return new Descriptor(mediaType, digest, size, urls, annotations, newPlatform, artifactType);
    }

    public Descriptor withAnnotations(Map<String, String> newAnnotations) {
        return new Descriptor(mediaType, digest, size, urls, newAnnotations, platform, artifactType);
    }
}

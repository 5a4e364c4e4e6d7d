package org.racker.store;

import java.util.List;
import org.racker.image.Digest;
import org.racker.image.json.Descriptor;
import org.racker.image.json.ImageConfig;

/**
 * An image in the store: what was pulled (manifest, config, layers), from where, and its
 * unpacked root. The id is the config digest's hex, as docker's IMAGE ID.
 *
 * @param source where it came from, e.g. {@code docker://127.0.0.1:5000/team/app:1.0}
 * @param pulled when, ISO-8601
 * @param size the unpacked root's size in bytes
 */
public record StoredImage(
        String id,
        Digest manifestDigest,
        Digest configDigest,
        List<Descriptor> layers,
        ImageConfig config,
        String platform,
        String source,
        String pulled,
        long size) {

    public StoredImage {
        layers = List.copyOf(layers);
    }

    public String shortId() {
        return id.substring(0, Math.min(12, id.length()));
    }
}

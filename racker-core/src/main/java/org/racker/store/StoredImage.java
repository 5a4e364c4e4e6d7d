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
 * @param diffIdsVerified whether every layer was checked against the config's diff_ids while it
 *     was unpacked (false for roots stored before racker checked them): only then does the
 *     config digest, the id, stand for the root's content
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
        long size,
        boolean diffIdsVerified) {

    public StoredImage {
        layers = List.copyOf(layers);
    }

    public String shortId() {
        return id.substring(0, Math.min(12, id.length()));
    }
}

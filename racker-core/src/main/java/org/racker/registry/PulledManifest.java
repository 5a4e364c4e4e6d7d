package org.racker.registry;

import org.racker.image.Digest;
import org.racker.image.ImageReference;
import org.racker.image.MediaType;
import org.racker.image.json.ImageIndex;
import org.racker.image.json.ImageManifest;

/**
 * A manifest or index as the registry sent it: the exact bytes (which the store keeps, since
 * the digest is over them), their digest (verified when pulled by digest) and the parsed form,
 * {@code index} for an index or manifest list and {@code manifest} for an image manifest, the
 * other null. {@code content} is not copied: do not modify it.
 */
public record PulledManifest(ImageReference reference, String mediaType, Digest digest, byte[] content,
        ImageIndex index, ImageManifest manifest) {

    public boolean isIndex() {
        return MediaType.isIndex(mediaType);
    }

    @Override
    public String toString() {
        return "PulledManifest[" + reference + ", " + mediaType + ", " + digest + ", " + content.length + " bytes]";
    }
}

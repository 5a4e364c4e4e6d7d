package org.racker.registry;

import java.util.ArrayList;
import java.util.List;
import org.racker.image.ImageReference;
import org.racker.image.MediaType;
import org.racker.image.Platform;
import org.racker.image.json.Descriptor;
import org.racker.image.json.ImageIndex;

/**
 * Picks the manifest for a platform from an index or manifest list: an exact match
 * (os, architecture, variant) first, else the first entry {@link Platform#matches} accepts.
 * Entries that are not image manifests, and attestation entries (unknown/unknown), are never
 * picked nor listed.
 */
final class PlatformSelector {
    private PlatformSelector() {
    }

    static Descriptor select(ImageReference reference, ImageIndex index, Platform wanted)
            throws NoMatchingPlatformException {
        List<Descriptor> candidates = new ArrayList<>();
        for (Descriptor entry : index.manifests()) {
            if (entry.mediaType() != null && !MediaType.isManifest(entry.mediaType())) {
                continue;
            }
            if (entry.platform() != null && "unknown".equals(entry.platform().os())) {
                continue;
            }
            candidates.add(entry);
        }
        if (candidates.size() == 1 && candidates.get(0).platform() == null) {
            return candidates.get(0); // a one-image index that does not say its platform
        }
        for (Descriptor entry : candidates) {
            if (entry.platform() != null && entry.platform().toPlatform().equals(wanted)) {
                return entry;
            }
        }
        for (Descriptor entry : candidates) {
            if (entry.platform() != null && wanted.matches(entry.platform().toPlatform())) {
                return entry;
            }
        }
        List<Platform> available = candidates.stream().filter(d -> d.platform() != null)
                .map(d -> d.platform().toPlatform()).distinct().toList();
        throw new NoMatchingPlatformException("no manifest for platform " + wanted + " in the image index of "
                + reference + "; available: " + (available.isEmpty() ? "none"
                        : String.join(", ", available.stream().map(Platform::toString).toList()))
                + " (choose one with --platform)", wanted, available);
    }
}

package org.racker.distro;

import java.util.List;

/**
 * A curated image as pulled: which catalogue entry, where it came from and how it was made
 * ready (provenance), so a report can say exactly what was tested.
 *
 * @param source the source that served, e.g. {@code mmdebstrap bookworm from http://...}
 * @param sourceDetail the digest of a registry image or tarball, or the mirror and the date
 *     of a bootstrap
 * @param provisioning what was done to make it bootable, step by step
 * @param maskedUnits units masked inside the image by pulls of older racker versions (empty for
 *     new pulls: the boot profile now masks units per boot, and such an image still boots)
 */
public record CuratedImage(
        String name,
        String distribution,
        String release,
        String packageManager,
        String source,
        String sourceDetail,
        String pulled,
        List<String> provisioning,
        List<String> maskedUnits) {

    public CuratedImage {
        provisioning = provisioning == null ? List.of() : List.copyOf(provisioning);
        maskedUnits = maskedUnits == null ? List.of() : List.copyOf(maskedUnits);
    }
}

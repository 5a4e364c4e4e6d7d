package org.racker.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.racker.distro.BootableImage;

/**
 * Where a bootable image racker made came from, and how: a registry image without systemd
 * that racker installed systemd in with the image's own package manager, so that it boots.
 *
 * @param baseReference the reference the base was run by, e.g. {@code debian:bookworm-slim}
 * @param baseManifestDigest the base's manifest digest, as registries name it
 * @param baseId the base image's id ({@code sha256:} and hex)
 * @param id the bootable image's own id ({@code sha256:} and hex)
 * @param packageManager the package manager that installed systemd
 * @param distribution the base's PRETTY_NAME from its os-release
 * @param recipe the provisioning steps' digest ({@code sha256:} and hex): a new recipe makes
 *     the image again
 * @param created when it was made, ISO-8601
 */
public record DerivedImage(String baseReference, String baseManifestDigest, String baseId, String id,
        String packageManager, String distribution, String recipe, String created) {
    public DerivedImage {
        Objects.requireNonNull(baseReference, "baseReference");
        Objects.requireNonNull(id, "id");
    }

    static DerivedImage of(BootableImage b) {
        return new DerivedImage(b.baseReference(), b.baseManifestDigest(), "sha256:" + b.baseId(), "sha256:" + b.id(),
                b.packageManager(), b.distribution(), "sha256:" + b.recipe(), b.created());
    }

    /** The fields as {@code inspect} shows them, for the image and for its containers (docker-style names). */
    public Map<String, Object> inspectDocument() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Image", baseReference);
        m.put("Digest", baseManifestDigest);
        m.put("ImageID", baseId);
        m.put("BootableImageID", id);
        m.put("PackageManager", packageManager);
        m.put("Distribution", distribution);
        m.put("Recipe", recipe);
        m.put("Created", created);
        return m;
    }
}

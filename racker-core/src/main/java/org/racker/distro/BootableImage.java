package org.racker.distro;

import java.util.List;
import java.util.Objects;

/**
 * A registry image made bootable by racker: a copy of the base image's root with systemd
 * (and what probes need) installed by the image's own package manager. Kept beside the base
 * image, keyed by the base's id and the recipe, so that it is made once and made again only
 * when either changes.
 *
 * @param id hex SHA-256 of the base image id and the recipe: the derived image's own id
 * @param baseReference the reference the base was run by, e.g. {@code debian:bookworm-slim}
 * @param baseId the base image's id (its config digest's hex)
 * @param baseManifestDigest the base image's manifest digest, as registries name it
 * @param recipe hex SHA-256 of the provisioning steps (see {@link BootRecipe#hash()})
 * @param packageManager the package manager that provisioned it
 * @param distribution the base's PRETTY_NAME from its os-release
 * @param steps the shell steps that ran, in order
 * @param created when it was made, ISO-8601
 * @param size the root's size in bytes (regular files)
 */
public record BootableImage(
        String id,
        String baseReference,
        String baseId,
        String baseManifestDigest,
        String recipe,
        String packageManager,
        String distribution,
        List<String> steps,
        String created,
        long size) {

    /** What {@code racker images} and {@code rmi} take as its tag: the base's tag, marked. */
    public static final String TAG_SUFFIX = "+boot";

    public BootableImage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(baseReference, "baseReference");
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    public String shortId() {
        return id.substring(0, Math.min(12, id.length()));
    }

    /** The name it is listed and removed by: {@code debian:bookworm-slim+boot}. */
    public String reference() {
        return baseReference + TAG_SUFFIX;
    }
}

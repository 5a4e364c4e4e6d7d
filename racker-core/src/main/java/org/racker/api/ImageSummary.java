package org.racker.api;

import java.time.Instant;
import java.util.Optional;

/**
 * One image as {@link Images#list(ImageFilter)} lists it: a tag of a registry image, an
 * untagged registry image, or a bootable image racker made from a registry image.
 *
 * @param reference the tag it is stored under ({@code docker.io/library/debian:12}); for a
 *     bootable image the name it is inspected and removed by, its base's reference as it was
 *     run and {@link #BOOTABLE_TAG_SUFFIX} ({@code debian:12+boot}); empty for an untagged image
 * @param repository the repository of the reference ({@code docker.io/library/debian}), or the
 *     reference itself when it is none; empty for an untagged image
 * @param tag the tag ({@code 12}); for a bootable image the base's tag and
 *     {@link #BOOTABLE_TAG_SUFFIX}, empty once the base's tag names a newer image (docker's
 *     dangling image); empty for an untagged image or one stored by digest
 * @param id the image id: for a registry image its config digest's hex, as docker's IMAGE ID
 * @param manifestDigest the registry's manifest digest ({@code sha256:...}); empty for a bootable image
 * @param created when the image was made, if its config says
 * @param size the bytes of the image's root
 * @param bootable whether racker made this image bootable from a registry image
 */
public record ImageSummary(Optional<String> reference, Optional<String> repository, Optional<String> tag, String id,
        Optional<String> manifestDigest, Optional<Instant> created, long size, boolean bootable) {

    /** What marks a bootable image's tag: a character docker tags never have. */
    public static final String BOOTABLE_TAG_SUFFIX = org.racker.distro.BootableImage.TAG_SUFFIX;

    public ImageSummary {
        java.util.Objects.requireNonNull(id, "id");
    }

    /** The first twelve characters of the id, as docker shows it. */
    public String shortId() {
        return id.substring(0, Math.min(12, id.length()));
    }
}

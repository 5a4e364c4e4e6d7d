package org.racker.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An image made ready to run: the root directory a container boots (never written to) and
 * the defaults its config gives containers.
 *
 * @param label what the caller named, as records and listings show it
 * @param derivedFrom for a registry image that racker made bootable (systemd installed with
 *     its package manager), the base it was made from: {@code REFERENCE@DIGEST}; null when the
 *     root is the image's own
 */
public record ResolvedImage(Path rootfs, String label, ImageDefaults defaults, String derivedFrom) {
    public ResolvedImage {
        Objects.requireNonNull(rootfs, "rootfs");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(defaults, "defaults");
    }

    /** An image run from its own root. */
    public ResolvedImage(Path rootfs, String label, ImageDefaults defaults) {
        this(rootfs, label, defaults, null);
    }
}

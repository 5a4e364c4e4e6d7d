package org.racker.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An image made ready to run: the root directory a container boots (never written to) and
 * the defaults its config gives containers.
 *
 * @param label what the caller named, as records and listings show it
 */
public record ResolvedImage(Path rootfs, String label, ImageDefaults defaults) {
    public ResolvedImage {
        Objects.requireNonNull(rootfs, "rootfs");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(defaults, "defaults");
    }
}

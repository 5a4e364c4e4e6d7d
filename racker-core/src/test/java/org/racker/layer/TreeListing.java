package org.racker.layer;

import java.nio.file.Path;
import java.util.List;

/**
 * A tree as lines of path, type, mode, owner, times, link target, content hash and xattrs,
 * for comparing what racker unpacked with what umoci did (shared with racker-cli's tests).
 */
public final class TreeListing {
    private TreeListing() { }

    public static List<String> describe(Path root) throws Exception {
        return LayerUnpackerIT.describe(root);
    }

    /** An umoci listing as racker unpacks the same layers (device modes, see LayerUnpackerIT). */
    public static List<String> asRackerUnpacks(List<String> umociLines) {
        return LayerUnpackerIT.asRackerUnpacks(umociLines);
    }
}

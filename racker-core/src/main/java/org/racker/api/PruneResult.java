package org.racker.api;

import java.util.List;

/**
 * What one prune of {@link Pruner} removed, in order, and the bytes on disk it gave back.
 *
 * @param items each removal: for containers the id of each one deleted; for images each tag
 *     untagged and each image deleted
 * @param reclaimedBytes how much smaller the pruned directories became
 */
public record PruneResult(List<Item> items, long reclaimedBytes) {

    public PruneResult {
        items = List.copyOf(items);
    }

    /** What was done to one container or image. */
    public enum Action { UNTAGGED, DELETED }

    /**
     * One removal.
     *
     * @param name a container's id; an image's reference (untagged) or {@code sha256:} and id (deleted)
     */
    public record Item(Action action, String name) { }
}

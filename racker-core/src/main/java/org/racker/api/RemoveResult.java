package org.racker.api;

import java.util.List;
import java.util.Optional;

/**
 * What {@link Images#remove} did to one image: the tags it took away and whether the image
 * itself went, or why it was left alone.
 *
 * @param untagged the references no longer tagged, in the order they went
 * @param deletedId the id of the image deleted with its last name; empty when tags remain
 * @param refusal why nothing was removed (a container uses the image), in docker's words;
 *     empty when the removal happened
 */
public record RemoveResult(List<String> untagged, Optional<String> deletedId, Optional<String> refusal) {

    public RemoveResult {
        untagged = List.copyOf(untagged);
    }

    static RemoveResult removed(List<String> untagged, Optional<String> deletedId) {
        return new RemoveResult(untagged, deletedId, Optional.empty());
    }

    static RemoveResult refused(String reason) {
        return new RemoveResult(List.of(), Optional.empty(), Optional.of(reason));
    }
}

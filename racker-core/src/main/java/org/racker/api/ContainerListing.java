package org.racker.api;

import java.util.List;

/**
 * The containers a listing selected, and one line each for those that could not be listed,
 * saying how to remove them; read from the store at once.
 */
public record ContainerListing(List<ContainerInfo> containers, List<String> problems) {
    public ContainerListing {
        containers = List.copyOf(containers);
        problems = List.copyOf(problems);
    }
}

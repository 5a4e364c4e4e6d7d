package org.racker.api;

import java.util.List;
import java.util.Optional;

/**
 * A curated distribution image of the catalogue ({@code debian-bookworm}, {@code fedora-40}),
 * as {@link Images#catalogue()} lists it.
 *
 * @param name the name it is pulled and run by
 * @param packageManager the package manager inside it ({@code apt}, {@code dnf}, ...)
 * @param sources the kind of each source tried in turn: {@code docker}, {@code tarball}, or
 *     the bootstrap tool ({@code mmdebstrap}, ...)
 * @param aliases the other names it answers to
 * @param pulled when it was pulled into the state root (ISO-8601); empty when it was not
 */
public record CuratedEntry(String name, String distribution, String release, String packageManager,
        List<String> sources, List<String> aliases, Optional<String> pulled) {

    public CuratedEntry {
        sources = List.copyOf(sources);
        aliases = List.copyOf(aliases);
    }
}

package org.racker.state;

import java.nio.file.Path;

/**
 * A container directory whose state file cannot be used (cut short, empty, not racker's, or
 * not a file at all). Listed apart from the records, so that one bad file never hides the
 * other containers; {@code racker rm -f ID} removes it.
 *
 * @param id the directory's name, which is the container's id for every directory racker made
 * @param problem what is wrong with it, in a few words
 */
public record DamagedRecord(String id, Path directory, String problem) {
    /** The one line a user sees about it. */
    public String report() {
        return "damaged container state in " + directory + " (" + problem + "): remove it with racker rm -f " + id;
    }
}

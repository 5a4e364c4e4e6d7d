package org.racker.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.racker.InvalidArgumentException;

/**
 * The host directory that keeps a container's changes to its root across boots: overlayfs's
 * upper and work directories, and the mount point of the merged root, side by side so that
 * they share a filesystem, as overlayfs requires.
 */
final class ChangesDirectory {
    private final Path dir;

    ChangesDirectory(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    Path upper() {
        return dir.resolve("upper");
    }

    Path work() {
        return dir.resolve("work");
    }

    Path merged() {
        return dir.resolve("merged");
    }

    /**
     * Makes the directories: the outer one 0700 (a container's files are nobody else's
     * business), the upper one 0755, since overlayfs gives the merged root the upper
     * directory's mode, and the container's services running as other users need to pass /.
     */
    void create() throws IOException {
        for (Path p : new Path[] {dir, upper(), work(), merged()}) {
            if (!Files.isDirectory(p)) {
                Files.createDirectory(p);
            }
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(p.equals(upper()) ? "rwxr-xr-x" : "rwx------"));
        }
    }

    /**
     * overlayfs's options for {@code lower}; its option syntax has no quoting for ',' and ':'
     * in paths, so those are refused rather than misread.
     */
    String mountOptions(Path lower) {
        return "lowerdir=" + lower + ",upperdir=" + upper() + ",workdir=" + work();
    }

    static void checkUsable(Path dir, Path lower) throws InvalidArgumentException {
        for (Path p : new Path[] {dir.toAbsolutePath(), lower.toAbsolutePath()}) {
            String s = p.toString();
            if (s.contains(",") || s.contains(":") || s.contains("\\")) {
                throw new InvalidArgumentException("cannot keep changes with " + p + ": overlayfs cannot take a path"
                        + " with ',', ':' or '\\'; choose another directory");
            }
        }
    }
}

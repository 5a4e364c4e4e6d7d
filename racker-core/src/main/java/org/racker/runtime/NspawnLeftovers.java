package org.racker.runtime;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What nspawn leaves on hosts whose /run is not a tmpfs: it refuses to delete its
 * per-machine propagation directory there ("Attempted to remove disk file system"), so
 * racker removes it once the machine has stopped.
 */
final class NspawnLeftovers {
    private static final Path PROPAGATE = Path.of("/run/systemd/nspawn/propagate");

    private NspawnLeftovers() { }

    static void removeFor(String machineName) {
        Path dir = PROPAGATE.resolve(machineName);
        try {
            if (Files.isDirectory(dir)) {
                // Only the empty directory nspawn made; anything inside is somebody's mount.
                try (var entries = Files.list(dir)) {
                    for (Path entry : entries.toList()) {
                        if (Files.isDirectory(entry) && !isMountPoint(entry)) {
                            Files.delete(entry);
                        }
                    }
                }
                Files.delete(dir);
            }
        } catch (DirectoryNotEmptyException e) {
            // left alone on purpose
        } catch (IOException e) {
            // best effort: a leftover empty directory does no harm to the next run
        }
    }

    private static boolean isMountPoint(Path path) throws IOException {
        return !Files.getFileStore(path).equals(Files.getFileStore(path.getParent()));
    }
}

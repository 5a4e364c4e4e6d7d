package org.racker.runtime.process;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a stopped machine leaves on the host: the container's own cgroup (see
 * {@link ContainerCgroup}), and, on hosts whose /run is not a tmpfs, nspawn's per-machine
 * propagation directory, which nspawn refuses to delete there ("Attempted to remove disk
 * file system"). Removed on every path that ends a container.
 */
public final class MachineLeftovers {
    private static final Path PROPAGATE = Path.of("/run/systemd/nspawn/propagate");

    private MachineLeftovers() { }

    public static void removeFor(String machineName) {
        ContainerCgroup.forMachine(machineName).remove();
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

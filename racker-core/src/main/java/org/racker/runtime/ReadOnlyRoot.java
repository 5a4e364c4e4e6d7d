package org.racker.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.racker.fs.RootedFiles;
import org.racker.runtime.files.VolumeMount;

/**
 * A read-only root ({@code --read-only}): nspawn remounts the root read-only before it mounts
 * volumes, /etc/hosts and the like, so every mount point the image lacks must be there
 * already. They are made in the upper layer of racker's overlay over the image, a directory
 * of racker's own: the image stays untouched, and nothing of the image's is followed on the host.
 */
final class ReadOnlyRoot {
    /** Mount points of nspawn's own, and the API file systems', that an image may lack. */
    private static final List<String> SYSTEM_DIRECTORIES = List.of("/dev", "/proc", "/sys", "/run", "/tmp",
            "/var/log/journal");

    private ReadOnlyRoot() { }

    /** Makes, in {@code changes}' upper layer, the mount points of {@code spec} that its image lacks. */
    static void prepare(ChangesDirectory changes, ContainerSpec spec) throws IOException {
        RootedFiles image = new RootedFiles(spec.rootfs());
        List<String> directories = new ArrayList<>(SYSTEM_DIRECTORIES);
        List<String> files = new ArrayList<>(List.of("/etc/hosts", "/etc/resolv.conf", "/etc/localtime"));
        for (VolumeMount volume : spec.volumes()) {
            (Files.isDirectory(volume.hostPath()) ? directories : files).add(volume.containerPath());
        }
        for (String tmpfs : spec.tmpfs()) {
            directories.add(tmpfs.split(":", 2)[0]);
        }
        for (String dir : directories) {
            if (!image.exists(dir)) {
                Files.createDirectories(inUpper(changes, dir));
            }
        }
        for (String file : files) {
            if (!image.exists(file)) {
                Path target = inUpper(changes, file);
                Files.createDirectories(target.getParent());
                if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createFile(target);
                }
            }
        }
    }

    /** The upper layer holds only what racker made there: no link of the image's lies on the way. */
    private static Path inUpper(ChangesDirectory changes, String containerPath) {
        Path p = changes.upper().resolve(containerPath.replaceFirst("^/+", "")).normalize();
        if (!p.startsWith(changes.upper())) {
            throw new IllegalArgumentException("not a path in the container: " + containerPath);
        }
        return p;
    }
}

package org.racker.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.racker.InvalidArgumentException;
import org.racker.runtime.files.VolumeMount;

/** A host file or directory bind-mounted into the container. */
public record Volume(Path hostPath, String containerPath, boolean readOnly) {

    public Volume {
        Objects.requireNonNull(hostPath, "hostPath");
        Objects.requireNonNull(containerPath, "containerPath");
        if (!hostPath.isAbsolute() || !containerPath.startsWith("/")) {
            throw new IllegalArgumentException("volume paths must be absolute: " + hostPath + ":" + containerPath);
        }
    }

    /** Docker's {@code HOST:CONTAINER[:ro|rw]}. */
    public static Volume parse(String spec) throws InvalidArgumentException {
        VolumeMount m = VolumeMount.parse(spec);
        return new Volume(m.hostPath(), m.containerPath(), m.readOnly());
    }

    /** The mount nspawn is given; refused when the host path is not there to bind. */
    VolumeMount toMount() throws InvalidArgumentException {
        VolumeMount mount = new VolumeMount(hostPath.normalize(), Path.of(containerPath).normalize().toString(),
                readOnly);
        if (!Files.isDirectory(mount.hostPath()) && !Files.isRegularFile(mount.hostPath())) {
            throw new InvalidArgumentException("volume host path " + mount.hostPath() + " does not exist; create it first");
        }
        return mount;
    }
}

package org.racker.runtime.files;

import java.nio.file.Path;
import org.racker.InvalidArgumentException;

/**
 * A bind mount given as docker's {@code -v HOST:CONTAINER[:OPTIONS]}. Only host paths are
 * accepted (named volumes need a volume store racker does not have); options {@code ro},
 * {@code rw} and the SELinux relabel flags {@code z}/{@code Z}, which are meaningless here
 * and ignored as podman does on hosts without SELinux.
 */
public record VolumeMount(Path hostPath, String containerPath, boolean readOnly) {

    public static VolumeMount parse(String spec) throws InvalidArgumentException {
        String[] parts = spec.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new InvalidArgumentException("invalid volume \"" + spec
                    + "\": expected HOST-DIR:CONTAINER-DIR[:ro|rw]");
        }
        if (!parts[0].startsWith("/")) {
            throw new InvalidArgumentException("invalid volume \"" + spec
                    + "\": the host path must be absolute (named volumes are not supported)");
        }
        if (!parts[1].startsWith("/")) {
            throw new InvalidArgumentException("invalid volume \"" + spec
                    + "\": the container path must be absolute");
        }
        boolean readOnly = false;
        if (parts.length == 3) {
            for (String option : parts[2].split(",")) {
                switch (option) {
                    case "ro" -> readOnly = true;
                    case "rw" -> readOnly = false;
                    case "z", "Z" -> { }
                    default -> throw new InvalidArgumentException("invalid volume \"" + spec
                            + "\": unknown option \"" + option + "\" (known: ro, rw)");
                }
            }
        }
        return new VolumeMount(Path.of(parts[0]).normalize(), Path.of(parts[1]).normalize().toString(), readOnly);
    }

    /** Whether {@code path} inside the container lies on this mount. */
    public boolean covers(String path) {
        return path.equals(containerPath) || path.startsWith(containerPath.endsWith("/") ? containerPath : containerPath + "/");
    }

    /** The argument nspawn takes for this mount. */
    public String nspawnArgument() {
        return (readOnly ? "--bind-ro=" : "--bind=") + escape(hostPath.toString()) + ":" + escape(containerPath);
    }

    /** nspawn splits bind specs at colons; a literal colon is written as a backslash escape. */
    private static String escape(String path) {
        return path.replace("\\", "\\\\").replace(":", "\\:");
    }

    @Override
    public String toString() {
        return hostPath + ":" + containerPath + (readOnly ? ":ro" : "");
    }
}

package org.racker.runtime.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The systemd generators a container skips for one boot: a directory of the container's state
 * holding a link to {@code /dev/null} for each, bound read-only over the container's
 * {@code /run/systemd/system-generators}. systemd looks there before the image's own
 * directories and takes such a link as "masked", as it does for units.
 */
public final class MaskedGenerators {
    /** Where systemd looks first for generators; /run is the container's own tmpfs. */
    public static final String CONTAINER_PATH = "/run/systemd/system-generators";
    static final String DIRECTORY_NAME = "generators-masked";

    private MaskedGenerators() { }

    /** Writes the directory for {@code generators} into {@code stateDir}; null when there are none. */
    public static Path write(Path stateDir, List<String> generators) throws IOException {
        if (generators.isEmpty()) {
            return null;
        }
        Path dir = stateDir.resolve(DIRECTORY_NAME);
        Files.createDirectories(dir);
        Path devNull = Path.of("/dev/null");
        for (String name : generators) {
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.@-]*")) {
                throw new IllegalArgumentException("not a generator's file name: " + name);
            }
            Path link = dir.resolve(name);
            // a container started again finds the links of its last boot
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, devNull);
        }
        return dir;
    }
}

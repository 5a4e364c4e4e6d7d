package org.racker.distro;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Where user catalogue files are read from: {@code $RACKER_IMAGES_D} (colon-separated
 * directories) replaces the defaults, for sites that keep their own list and for tests.
 */
public final class CatalogueDirs {
    private CatalogueDirs() { }

    public static List<Path> fromEnvironment() {
        String dirs = System.getenv("RACKER_IMAGES_D");
        if (dirs == null || dirs.isBlank()) {
            return Catalogue.DEFAULT_CONFIG_DIRS;
        }
        return Arrays.stream(dirs.split(":")).filter(s -> !s.isBlank()).map(Path::of).toList();
    }
}

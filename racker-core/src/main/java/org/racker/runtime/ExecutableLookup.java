package org.racker.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.racker.fs.RootedPathResolver;

/**
 * Finds a command in a root filesystem the way execvp would inside the container, so that
 * app-mode containers fail with docker's 127 (not found) and 126 (not executable) before
 * anything starts; nspawn itself reports both as a plain 1.
 */
final class ExecutableLookup {
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    enum Outcome { FOUND, NOT_FOUND, NOT_EXECUTABLE }

    private final RootedPathResolver root;
    private final List<VolumeMount> volumes;

    ExecutableLookup(RootedPathResolver root, List<VolumeMount> volumes) {
        this.root = root;
        this.volumes = volumes;
    }

    Outcome lookup(String command, String path) {
        if (command.contains("/")) {
            String absolute = command.startsWith("/") ? command : "/" + command;
            if (underVolume(absolute)) {
                return Outcome.FOUND; // lives on the host side of a bind mount; let exec decide
            }
            return check(root.resolve(absolute));
        }
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            if (underVolume(dir)) {
                return Outcome.FOUND;
            }
            Optional<Path> candidate = root.resolve(dir + "/" + command);
            if (candidate.isPresent() && check(candidate) == Outcome.FOUND) {
                return Outcome.FOUND;
            }
        }
        return Outcome.NOT_FOUND;
    }

    private static Outcome check(Optional<Path> resolved) {
        if (resolved.isEmpty()) {
            return Outcome.NOT_FOUND;
        }
        Path p = resolved.get();
        return Files.isRegularFile(p) && Files.isExecutable(p) ? Outcome.FOUND : Outcome.NOT_EXECUTABLE;
    }

    private boolean underVolume(String path) {
        return volumes.stream().anyMatch(v -> v.covers(path));
    }
}

package org.racker.runtime.exec;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;
import java.util.Optional;
import org.racker.CommandNotExecutableException;
import org.racker.CommandNotFoundException;
import org.racker.RackerException;
import org.racker.fs.RootedFiles;
import org.racker.runtime.files.VolumeMount;

/**
 * Finds a command in a root filesystem the way execvp would inside the container, so that
 * app-mode containers fail with docker's 127 (not found) and 126 (not executable) before
 * anything starts; nspawn itself reports both as a plain 1.
 */
public final class ExecutableLookup {
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    enum Outcome { FOUND, NOT_FOUND, NOT_EXECUTABLE }

    private final RootedFiles root;
    private final List<VolumeMount> volumes;

    ExecutableLookup(RootedFiles root, List<VolumeMount> volumes) {
        this.root = root;
        this.volumes = volumes;
    }

    /**
     * Fails as docker's run does when the request's command cannot be run from {@code rootfs}
     * (or its volumes), with the request's PATH: before anything is started for it.
     */
    public static void require(ExecRequest request, Path rootfs, List<VolumeMount> volumes) throws RackerException {
        String command = request.command().get(0);
        String path = request.environment().stream().filter(v -> v.name().equals("PATH"))
                .map(EnvironmentVariable::value).reduce((a, b) -> b).orElse(DEFAULT_PATH);
        switch (new ExecutableLookup(new RootedFiles(rootfs), volumes).lookup(command, path)) {
            case NOT_FOUND -> throw new CommandNotFoundException(command);
            case NOT_EXECUTABLE -> throw new CommandNotExecutableException(command);
            case FOUND -> { }
        }
    }

    Outcome lookup(String command, String path) {
        if (command.contains("/")) {
            String absolute = command.startsWith("/") ? command : "/" + command;
            if (underVolume(absolute)) {
                return Outcome.FOUND; // lives on the host side of a bind mount; let exec decide
            }
            return check(absolute);
        }
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            if (underVolume(dir)) {
                return Outcome.FOUND;
            }
            if (check(dir + "/" + command) == Outcome.FOUND) {
                return Outcome.FOUND;
            }
        }
        return Outcome.NOT_FOUND;
    }

    private Outcome check(String path) {
        Optional<PosixFileAttributes> found;
        try {
            found = root.attributes(path);
        } catch (IOException e) {
            return Outcome.NOT_EXECUTABLE;
        }
        if (found.isEmpty()) {
            return Outcome.NOT_FOUND;
        }
        // root may run a file when any execute bit is set, as execve(2) decides for it
        boolean executable = found.get().permissions().stream().anyMatch(p -> p.name().endsWith("_EXECUTE"));
        return found.get().isRegularFile() && executable ? Outcome.FOUND : Outcome.NOT_EXECUTABLE;
    }

    private boolean underVolume(String path) {
        return volumes.stream().anyMatch(v -> v.covers(path));
    }
}

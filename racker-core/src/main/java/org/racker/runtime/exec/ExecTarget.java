package org.racker.runtime.exec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.racker.InvalidArgumentException;
import org.racker.runtime.files.VolumeMount;
import org.racker.runtime.process.HostMode;
import org.racker.state.ContainerRecord;

/**
 * What running a command in a container needs to know of it, the same whether this racker
 * process started the container or reads it from its state record: one exec path serves
 * both.
 *
 * @param booted whether systemd runs in it (commands go through its service manager) or
 *     not (commands enter its namespaces directly)
 * @param environment the container's own variables (image and {@code run -e}), under those
 *     of each command
 * @param workingDirectory where a command starts that names none (the container's {@code -w},
 *     as docker's exec has it); null for the root
 */
public record ExecTarget(
        String name,
        boolean booted,
        String machineName,
        long leaderPid,
        String hostname,
        HostMode hostMode,
        Path rootfs,
        List<VolumeMount> volumes,
        List<EnvironmentVariable> environment,
        String workingDirectory) {

    public ExecTarget {
        volumes = List.copyOf(volumes);
        environment = List.copyOf(environment);
    }

    /** A container known from its record; its leader must be known (it runs). */
    public static ExecTarget of(ContainerRecord record, HostMode hostMode) {
        List<VolumeMount> volumes = new ArrayList<>();
        for (String volume : record.volumes()) {
            parseVolume(volume).ifPresent(volumes::add);
        }
        List<EnvironmentVariable> environment = new ArrayList<>();
        for (String assignment : record.environment()) {
            parseVariable(assignment).ifPresent(environment::add);
        }
        return new ExecTarget(record.name(), "boot".equals(record.mode()), record.machineName(),
                record.leader().pid(), record.hostname(), hostMode, Path.of(record.rootfs()), volumes, environment,
                record.workingDirectory());
    }

    /** The container's root as the host reaches it now, its volumes and overlay included. */
    Path liveRoot() {
        return Path.of("/proc", Long.toString(leaderPid), "root");
    }

    boolean underVolume(String path) {
        return volumes.stream().anyMatch(v -> v.covers(path));
    }

    // racker wrote the record from values it had checked: one it cannot read back is skipped
    private static Optional<VolumeMount> parseVolume(String volume) {
        try {
            return Optional.of(VolumeMount.parse(volume));
        } catch (InvalidArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<EnvironmentVariable> parseVariable(String assignment) {
        try {
            return EnvironmentVariable.parse(assignment, Map.of());
        } catch (InvalidArgumentException e) {
            return Optional.empty();
        }
    }
}

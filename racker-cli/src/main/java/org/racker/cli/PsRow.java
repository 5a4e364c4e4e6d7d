package org.racker.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.racker.api.ContainerInfo;
import org.racker.api.ContainerState;
import org.racker.api.PublishedPort;

/** One container as {@code ps} shows it: the values of docker's columns and template fields. */
final class PsRow {
    /** Go's time.Time String(), which docker's {{.CreatedAt}} prints. */
    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xx zzz");

    private final ContainerInfo record;
    private final Instant now;
    private final boolean noTrunc;

    PsRow(ContainerInfo record, Instant now, boolean noTrunc) {
        this.record = record;
        this.now = now;
        this.noTrunc = noTrunc;
    }

    String id() {
        return noTrunc ? record.id() : record.shortId();
    }

    String names() {
        return record.name();
    }

    String image() {
        return record.image();
    }

    /** Quoted, and cut at 20 characters unless --no-trunc, as docker's COMMAND column. */
    String command() {
        // a booted container without a command of its own runs its init, as docker shows it
        String command = record.command().isEmpty() && "boot".equals(record.mode())
                ? "/sbin/init" : record.commandLine();
        if (!noTrunc && command.length() > 20) {
            command = command.substring(0, 19) + "…";
        }
        return "\"" + command + "\"";
    }

    String createdAt() {
        return GO_TIME.format(record.created().atZone(ZoneId.systemDefault()));
    }

    String runningFor() {
        return Durations.human(Duration.between(record.created(), now)) + " ago";
    }

    String status() {
        return switch (record.state()) {
            case CREATED -> "Created";
            case RUNNING -> "Up " + Durations.human(Duration.between(record.started().orElse(record.created()), now));
            case EXITED -> "Exited (" + record.exitCode().orElse(null) + ") "
                    + Durations.human(Duration.between(record.finished().orElse(now), now)) + " ago";
        };
    }

    /** docker's PORTS: {@code 0.0.0.0:8080->80/tcp, ...} while the container runs, else nothing. */
    String ports() {
        if (record.state() != ContainerState.RUNNING) {
            return "";
        }
        if (record.ports().isEmpty()) {
            return String.join(", ", record.recordedPorts()); // written by a newer racker: shown as kept
        }
        return String.join(", ", record.ports().stream().map(PublishedPort::display).toList());
    }

    String state() {
        return record.state().label();
    }

    /** The row as docker's {@code ps --format json} and templates see it: its field names, text values. */
    java.util.Map<String, String> document() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("Command", command());
        m.put("CreatedAt", createdAt());
        m.put("ID", id());
        m.put("Image", image());
        m.put("Labels", String.join(",", record.labels()));
        m.put("LocalVolumes", "0");
        m.put("Mounts", String.join(",", record.volumes().stream().map(v -> v.split(":")[v.contains(":") ? 1 : 0])
                .toList()));
        m.put("Names", names());
        m.put("Networks", record.network());
        m.put("Ports", ports());
        m.put("RunningFor", runningFor());
        m.put("Size", "0B");
        m.put("State", state());
        m.put("Status", status());
        return m;
    }

    /** The header docker's {@code table} format gives each field. */
    static final java.util.Map<String, String> HEADERS = java.util.Map.ofEntries(
            java.util.Map.entry("Command", "COMMAND"), java.util.Map.entry("CreatedAt", "CREATED AT"),
            java.util.Map.entry("ID", "CONTAINER ID"), java.util.Map.entry("Image", "IMAGE"),
            java.util.Map.entry("Labels", "LABELS"), java.util.Map.entry("LocalVolumes", "LOCAL VOLUMES"),
            java.util.Map.entry("Mounts", "MOUNTS"), java.util.Map.entry("Names", "NAMES"),
            java.util.Map.entry("Networks", "NETWORKS"), java.util.Map.entry("Ports", "PORTS"),
            java.util.Map.entry("RunningFor", "CREATED"), java.util.Map.entry("Size", "SIZE"),
            java.util.Map.entry("State", "STATE"), java.util.Map.entry("Status", "STATUS"));
}

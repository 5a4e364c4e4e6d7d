package org.racker.runtime;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.racker.fs.AtomicFiles;
import org.racker.json.JsonFields;
import org.racker.runtime.files.VolumeMount;
import org.racker.runtime.network.ExtraHost;
import org.racker.runtime.network.NetworkMode;
import org.racker.runtime.network.PortMapping;

/**
 * The spec a kept container was made from, beside its record, so that {@code start} boots
 * the same configuration again: what the container is, not how one run of it was attached
 * (terminal, stdin, id file). Jackson's streaming API, as for the record: a kept
 * {@code run} writes it on racker's hot path.
 */
final class ContainerSpecFile {
    static final String FILE = "spec.json";

    private ContainerSpecFile() { }

    static void write(Path stateDir, ContainerSpec spec) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JsonFields.FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("name", spec.name());
            g.writeStringField("image", spec.image());
            g.writeStringField("rootfs", spec.rootfs().toString());
            JsonFields.writeStrings(g, "command", spec.command());
            writeTuples(g, "environment", spec.environment().stream().map(v -> List.of(v.name(), v.value())).toList());
            g.writeStringField("workingDirectory", spec.workingDirectory());
            g.writeStringField("user", spec.user());
            writeTuples(g, "volumes", spec.volumes().stream()
                    .map(v -> List.of(v.hostPath().toString(), v.containerPath(), v.readOnly() ? "ro" : "rw")).toList());
            g.writeStringField("hostname", spec.hostname());
            g.writeBooleanField("removeOnExit", spec.removeOnExit());
            g.writeStringField("mode", spec.mode().name());
            g.writeStringField("network", spec.network().name());
            g.writeNumberField("bootTimeoutMillis", spec.bootTimeout().toMillis());
            g.writeNumberField("stopTimeoutMillis", spec.stopTimeout().toMillis());
            JsonFields.writeStrings(g, "maskedUnits", spec.maskedUnits());
            JsonFields.writeStrings(g, "maskedGenerators", spec.maskedGenerators());
            writeTuples(g, "ports", spec.ports().stream().map(p -> List.of(p.hostIp(), Integer.toString(p.hostPort()),
                    Integer.toString(p.containerPort()), p.protocol())).toList());
            writeTuples(g, "extraHosts", spec.extraHosts().stream().map(h -> List.of(h.name(), h.address())).toList());
            JsonFields.writeStrings(g, "tmpfs", spec.tmpfs());
            g.writeBooleanField("readOnly", spec.readOnly());
            g.writeBooleanField("systemCallFilter", spec.systemCallFilter());
            JsonFields.writeStrings(g, "labels", spec.labels());
            g.writeEndObject();
        }
        AtomicFiles.writeUnsynced(stateDir.resolve(FILE), out.toByteArray(), PosixFilePermissions.fromString("rw-------"));
    }

    /**
     * The spec kept in {@code stateDir}, detached as a start runs it; empty when none was kept.
     * Read by a tree: only {@code start} reads it, off the hot path.
     */
    static Optional<ContainerSpec> read(Path stateDir) throws IOException {
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(Files.readAllBytes(stateDir.resolve(FILE)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (n == null || !n.path("rootfs").isTextual()) {
            throw new IOException(FILE + " names no root");
        }
        ContainerSpec.Builder b = ContainerSpec.builder(Path.of(n.get("rootfs").asText()))
                .name(text(n, "name"))
                .image(text(n, "image"))
                .command(strings(n.path("command")))
                .workingDirectory(text(n, "workingDirectory"))
                .user(text(n, "user"))
                .hostname(text(n, "hostname"))
                .removeOnExit(n.path("removeOnExit").asBoolean())
                .mode(RunMode.valueOf(n.path("mode").asText("AUTO")))
                .network(NetworkMode.valueOf(n.path("network").asText("HOST")))
                .bootTimeout(Duration.ofMillis(n.path("bootTimeoutMillis").asLong(ContainerSpec.DEFAULT_BOOT_TIMEOUT.toMillis())))
                .stopTimeout(Duration.ofMillis(n.path("stopTimeoutMillis").asLong(ContainerSpec.DEFAULT_STOP_TIMEOUT.toMillis())))
                .maskedUnits(strings(n.path("maskedUnits")))
                .maskedGenerators(strings(n.path("maskedGenerators")))
                .readOnly(n.path("readOnly").asBoolean())
                .systemCallFilter(n.path("systemCallFilter").asBoolean(true))
                .detach(true);
        for (JsonNode t : n.path("environment")) {
            b.env(t.path(0).asText(), t.path(1).asText());
        }
        for (JsonNode t : n.path("volumes")) {
            b.volume(new VolumeMount(Path.of(t.path(0).asText()), t.path(1).asText(), t.path(2).asText().equals("ro")));
        }
        for (JsonNode t : n.path("ports")) {
            b.publish(new PortMapping(t.path(0).asText(), t.path(1).asInt(), t.path(2).asInt(), t.path(3).asText()));
        }
        for (JsonNode t : n.path("extraHosts")) {
            b.addHost(new ExtraHost(t.path(0).asText(), t.path(1).asText()));
        }
        strings(n.path("tmpfs")).forEach(b::tmpfs);
        strings(n.path("labels")).forEach(b::label);
        return Optional.of(b.build());
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static void writeTuples(JsonGenerator g, String field, List<List<String>> tuples) throws IOException {
        g.writeArrayFieldStart(field);
        for (List<String> t : tuples) {
            g.writeStartArray();
            for (String s : t) {
                g.writeString(s);
            }
            g.writeEndArray();
        }
        g.writeEndArray();
    }
}

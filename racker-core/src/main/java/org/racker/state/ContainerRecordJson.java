package org.racker.state;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import org.racker.host.ProcessIdentity;
import org.racker.json.JsonFields;

/**
 * The state file of one container, read and written with Jackson's streaming API. Every
 * racker command reads these files, and binding them with an ObjectMapper (introspecting
 * the record by reflection) cost a cold JVM about as much as the rest of {@code racker exec}.
 * The bytes written are those the ObjectMapper wrote before (pretty printed, derived
 * {@code alive} and {@code abandoned} included), so state written by either can be read by
 * both; unknown fields are skipped.
 */
final class ContainerRecordJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private ContainerRecordJson() { }

    static void write(ContainerRecord r, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("id", r.id());
            g.writeStringField("name", r.name());
            g.writeStringField("image", r.image());
            g.writeStringField("rootfs", r.rootfs());
            JsonFields.writeStrings(g, "command", r.command());
            g.writeStringField("mode", r.mode());
            g.writeStringField("hostname", r.hostname());
            writeInstant(g, "created", r.created());
            g.writeStringField("status", r.status() == null ? null : r.status().name());
            writeProcess(g, "owner", r.owner());
            writeProcess(g, "nspawn", r.nspawn());
            writeProcess(g, "leader", r.leader());
            g.writeFieldName("exitCode");
            if (r.exitCode() == null) {
                g.writeNull();
            } else {
                g.writeNumber(r.exitCode());
            }
            writeInstant(g, "finished", r.finished());
            g.writeBooleanField("removeOnExit", r.removeOnExit());
            g.writeBooleanField("detached", r.detached());
            JsonFields.writeStrings(g, "environment", r.environment());
            g.writeStringField("workingDirectory", r.workingDirectory());
            JsonFields.writeStrings(g, "volumes", r.volumes());
            g.writeStringField("network", r.network());
            writeProcess(g, "networkHelper", r.networkHelper());
            JsonFields.writeStrings(g, "ports", r.ports());
            JsonFields.writeStrings(g, "extraHosts", r.extraHosts());
            writeInstant(g, "started", r.started());
            g.writeBooleanField("tty", r.tty());
            JsonFields.writeStrings(g, "labels", r.labels());
            g.writeBooleanField("abandoned", r.isAbandoned());
            g.writeEndObject();
        }
    }

    static ContainerRecord read(InputStream in) throws IOException {
        try (JsonParser p = FACTORY.createParser(in)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT);
            Fields f = new Fields();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "id" -> f.id = JsonFields.string(p, field);
                    case "name" -> f.name = JsonFields.string(p, field);
                    case "image" -> f.image = JsonFields.string(p, field);
                    case "rootfs" -> f.rootfs = JsonFields.string(p, field);
                    case "command" -> f.command = JsonFields.strings(p, field);
                    case "mode" -> f.mode = JsonFields.string(p, field);
                    case "hostname" -> f.hostname = JsonFields.string(p, field);
                    case "created" -> f.created = readInstant(p, field);
                    case "status" -> f.status = readStatus(p);
                    case "owner" -> f.owner = readProcess(p);
                    case "nspawn" -> f.nspawn = readProcess(p);
                    case "leader" -> f.leader = readProcess(p);
                    case "exitCode" -> f.exitCode = p.currentToken() == JsonToken.VALUE_NULL ? null : (int) readLong(p);
                    case "finished" -> f.finished = readInstant(p, field);
                    case "removeOnExit" -> f.removeOnExit = readBoolean(p, field);
                    case "detached" -> f.detached = readBoolean(p, field);
                    case "environment" -> f.environment = JsonFields.strings(p, field);
                    case "workingDirectory" -> f.workingDirectory = JsonFields.string(p, field);
                    case "volumes" -> f.volumes = JsonFields.strings(p, field);
                    case "network" -> f.network = JsonFields.string(p, field);
                    case "networkHelper" -> f.networkHelper = readProcess(p);
                    case "ports" -> f.ports = JsonFields.strings(p, field);
                    case "extraHosts" -> f.extraHosts = JsonFields.strings(p, field);
                    case "started" -> f.started = readInstant(p, field);
                    case "tty" -> f.tty = readBoolean(p, field);
                    case "labels" -> f.labels = JsonFields.strings(p, field);
                    default -> p.skipChildren(); // derived (alive, abandoned) or from a newer racker
                }
            }
            expect(p, p.currentToken(), JsonToken.END_OBJECT);
            requirePresent(p, f);
            return new ContainerRecord(f.id, f.name, f.image, f.rootfs, f.command == null ? List.of() : f.command,
                    f.mode, f.hostname, f.created, f.status, f.owner, f.nspawn, f.leader, f.exitCode, f.finished,
                    f.removeOnExit, f.detached, f.environment, f.workingDirectory, f.volumes, f.network, f.networkHelper,
                    f.ports, f.extraHosts, f.started, f.tty, f.labels);
        }
    }

    /** The record's components while they are read, in any order. */
    private static final class Fields {
        String id;
        String name;
        String image;
        String rootfs;
        List<String> command;
        String mode;
        String hostname;
        Instant created;
        ContainerStatus status;
        ProcessIdentity owner;
        ProcessIdentity nspawn;
        ProcessIdentity leader;
        Integer exitCode;
        Instant finished;
        boolean removeOnExit;
        boolean detached;
        List<String> environment;
        String workingDirectory;
        List<String> volumes;
        String network;
        ProcessIdentity networkHelper;
        List<String> ports;
        List<String> extraHosts;
        Instant started;
        boolean tty;
        List<String> labels;
    }

    private static void writeInstant(JsonGenerator g, String field, Instant at) throws IOException {
        g.writeStringField(field, at == null ? null : at.toString());
    }

    private static void writeProcess(JsonGenerator g, String field, ProcessIdentity process) throws IOException {
        g.writeFieldName(field);
        if (process == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeNumberField("pid", process.pid());
        g.writeNumberField("startTicks", process.startTicks());
        g.writeBooleanField("alive", process.isAlive());
        g.writeEndObject();
    }

    /**
     * An integer from its digits: Jackson's own number parsing first compiles regular
     * expressions (NumberInput), a cost every racker command paid for three numbers.
     */
    private static long readLong(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
            try {
                return Long.parseLong(p.getText());
            } catch (NumberFormatException e) {
                throw new JsonParseException(p, "not a number: " + p.getText(), e);
            }
        }
        throw new JsonParseException(p, "expected a whole number, found " + p.currentToken());
    }

    private static boolean readBoolean(JsonParser p, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
            throw new JsonParseException(p, "\"" + field + "\": expected a boolean, found " + t);
        }
        return t == JsonToken.VALUE_TRUE;
    }

    /**
     * What every use of a record relies on: a state file without these (cut short, or not
     * racker's) is damaged, not a container with holes that fail later with a
     * NullPointerException.
     */
    private static void requirePresent(JsonParser p, Fields f) throws JsonParseException {
        if (f.id == null || f.name == null || f.rootfs == null || f.mode == null || f.created == null
                || f.status == null) {
            throw new JsonParseException(p, "id, name, rootfs, mode, created or status missing");
        }
    }

    private static Instant readInstant(JsonParser p, String field) throws IOException {
        String value = JsonFields.string(p, field);
        try {
            return value == null ? null : InstantText.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new JsonParseException(p, "not an instant: " + value, e);
        }
    }

    private static ContainerStatus readStatus(JsonParser p) throws IOException {
        String value = JsonFields.string(p, "status");
        if (value == null) {
            return null;
        }
        for (ContainerStatus status : ContainerStatus.values()) { // valueOf reflects: slower on a cold JVM
            if (status.name().equals(value)) {
                return status;
            }
        }
        throw new JsonParseException(p, "not a container status: " + value);
    }

    private static ProcessIdentity readProcess(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, p.currentToken(), JsonToken.START_OBJECT);
        long pid = 0;
        long startTicks = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "pid" -> pid = readLong(p);
                case "startTicks" -> startTicks = readLong(p);
                default -> p.skipChildren();
            }
        }
        return new ProcessIdentity(pid, startTicks);
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken wanted) throws JsonParseException {
        if (actual != wanted) {
            throw new JsonParseException(p, "expected " + wanted + ", found " + actual);
        }
    }
}

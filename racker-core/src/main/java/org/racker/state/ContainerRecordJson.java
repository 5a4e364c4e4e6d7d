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
import java.util.ArrayList;
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
                    case "id" -> f.id = p.getValueAsString();
                    case "name" -> f.name = p.getValueAsString();
                    case "image" -> f.image = p.getValueAsString();
                    case "rootfs" -> f.rootfs = p.getValueAsString();
                    case "command" -> f.command = readStrings(p);
                    case "mode" -> f.mode = p.getValueAsString();
                    case "hostname" -> f.hostname = p.getValueAsString();
                    case "created" -> f.created = readInstant(p);
                    case "status" -> f.status = readStatus(p);
                    case "owner" -> f.owner = readProcess(p);
                    case "nspawn" -> f.nspawn = readProcess(p);
                    case "leader" -> f.leader = readProcess(p);
                    case "exitCode" -> f.exitCode = p.currentToken() == JsonToken.VALUE_NULL ? null : (int) readLong(p);
                    case "finished" -> f.finished = readInstant(p);
                    case "removeOnExit" -> f.removeOnExit = p.getValueAsBoolean();
                    case "detached" -> f.detached = p.getValueAsBoolean();
                    case "environment" -> f.environment = readStrings(p);
                    case "workingDirectory" -> f.workingDirectory = p.getValueAsString();
                    case "volumes" -> f.volumes = readStrings(p);
                    case "network" -> f.network = p.getValueAsString();
                    case "networkHelper" -> f.networkHelper = readProcess(p);
                    default -> p.skipChildren(); // derived (alive, abandoned) or from a newer racker
                }
            }
            expect(p, p.currentToken(), JsonToken.END_OBJECT);
            return new ContainerRecord(f.id, f.name, f.image, f.rootfs, f.command == null ? List.of() : f.command,
                    f.mode, f.hostname, f.created, f.status, f.owner, f.nspawn, f.leader, f.exitCode, f.finished,
                    f.removeOnExit, f.detached, f.environment, f.workingDirectory, f.volumes, f.network, f.networkHelper);
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

    private static List<String> readStrings(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, p.currentToken(), JsonToken.START_ARRAY);
        List<String> values = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            values.add(p.getValueAsString());
        }
        return values;
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
        return p.getValueAsLong();
    }

    private static Instant readInstant(JsonParser p) throws IOException {
        String value = p.getValueAsString();
        try {
            return value == null ? null : InstantText.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new JsonParseException(p, "not an instant: " + value, e);
        }
    }

    private static ContainerStatus readStatus(JsonParser p) throws IOException {
        String value = p.getValueAsString();
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

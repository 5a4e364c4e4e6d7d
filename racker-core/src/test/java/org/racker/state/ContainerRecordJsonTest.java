package org.racker.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.racker.host.ProcessIdentity;

/** The streaming codec against the ObjectMapper that wrote state files before it. */
class ContainerRecordJsonTest {
    /** The mapper ContainerStore used until the state files were read and written by streaming. */
    static final ObjectMapper DATABIND = JsonMapper.builder()
            .addModule(new SimpleModule()
                    .addSerializer(Instant.class, ToStringSerializer.instance)
                    .addDeserializer(Instant.class, new FromStringDeserializer<>(Instant.class) {
                        @Override
                        protected Instant _deserialize(String value, DeserializationContext ctxt) {
                            return Instant.parse(value);
                        }
                    }))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    static ContainerRecord running() {
        ProcessIdentity self = ProcessIdentity.self();
        return new ContainerRecord("a".repeat(64), "web", "img \"quoted\" ü", "/rootfs", List.of("sh", "-c", "echo 'x'\n"),
                "boot", "aaaaaaaaaaaa", Instant.parse("2026-01-01T00:00:00.123456789Z"), ContainerStatus.RUNNING, self,
                new ProcessIdentity(4242, 17), self, null, null, true, true, List.of("A=1", "B="), "/tmp",
                List.of("/h:/c:ro"), "private", new ProcessIdentity(4343, 18),
                List.of("127.0.0.1:8080:80/tcp", "0.0.0.0:5353:53/udp"), List.of("db:192.0.2.10"),
                Instant.parse("2026-01-01T00:00:01Z"), true, List.of("team=qa", "empty="));
    }

    static ContainerRecord exited() {
        return new ContainerRecord("b".repeat(64), "old", "img", "/rootfs", List.of(), "app", "h",
                Instant.parse("2026-01-01T00:00:00Z"), ContainerStatus.EXITED, null, null, null, 137,
                Instant.parse("2026-01-02T00:00:00Z"), false, false, List.of(), null, List.of(), null, null);
    }

    static String written(ContainerRecord r) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ContainerRecordJson.write(r, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    static ContainerRecord read(String json) throws IOException {
        return ContainerRecordJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void writesTheBytesTheObjectMapperWrote() throws Exception {
        for (ContainerRecord r : List.of(running(), exited())) {
            assertThat(written(r)).isEqualTo(DATABIND.writeValueAsString(r));
        }
    }

    @Test
    void readsWhatTheObjectMapperWrote() throws Exception {
        for (ContainerRecord r : List.of(running(), exited())) {
            assertThat(read(DATABIND.writeValueAsString(r))).isEqualTo(r);
            assertThat(DATABIND.readValue(written(r), ContainerRecord.class)).isEqualTo(r);
        }
    }

    @Test
    void unknownFieldsAreSkippedAndOptionalOnesDefault() throws Exception {
        ContainerRecord r = read("""
                {"id": "c", "name": "n", "command": ["true"], "status": "CREATED", "rootfs": "/r", "mode": "boot",
                 "created": "2026-01-01T00:00:00Z",
                 "future": {"nested": [1, {"x": null}]}, "owner": {"pid": 5, "startTicks": 6, "extra": [1]}}
                """);
        assertThat(r.id()).isEqualTo("c");
        assertThat(r.command()).containsExactly("true");
        assertThat(r.status()).isEqualTo(ContainerStatus.CREATED);
        assertThat(r.owner()).isEqualTo(new ProcessIdentity(5, 6));
        assertThat(r.environment()).isEmpty();
        assertThat(r.exitCode()).isNull();
        assertThat(r.detached()).isFalse();
    }

    @Test
    @Tag("security")
    void aRecordWithoutItsEssentialFieldsFailsAsAnIoError() {
        assertThatThrownBy(() -> read("{}")).isInstanceOf(IOException.class).hasMessageContaining("missing");
        assertThatThrownBy(() -> read("{\"id\": \"c\", \"name\": \"n\"}")).isInstanceOf(IOException.class);
    }

    @Test
    @Tag("security")
    void wronglyTypedFieldsFailAsIoErrors() throws Exception {
        String good = written(running());
        assertThat(read(good)).isEqualTo(running());
        // each case spoils one field of a record that is whole otherwise
        for (String[] spoil : new String[][] {
                {"\"id\" : \"[^\"]*\"", "\"id\" : 5"},
                {"\"name\" : \"[^\"]*\"", "\"name\" : {}"},
                {"\"name\" : \"[^\"]*\"", "\"name\" : {\"id\" : \"x\"}"},
                {"\"command\" : \\[[^\\]]*\\]", "\"command\" : \"true\""},
                {"\"command\" : \\[[^\\]]*\\]", "\"command\" : [ 1 ]"},
                {"\"detached\" : (true|false)", "\"detached\" : \"yes\""},
                {"\"created\" : \"[^\"]*\"", "\"created\" : 5"},
                {"\"pid\" : [0-9]+", "\"pid\" : \"1\""}}) {
            String json = good.replaceFirst(spoil[0], spoil[1]);
            assertThat(json).isNotEqualTo(good);
            assertThatThrownBy(() -> read(json)).as(json).isInstanceOf(IOException.class);
        }
        for (String json : List.of("\"x\"", "", "{\"id\": \"c\"} trailing")) {
            assertThatThrownBy(() -> read(json)).as(json).isInstanceOf(IOException.class);
        }
    }

    @Test
    void brokenFilesFailAsIoErrors() {
        assertThatThrownBy(() -> read("{\"id\": ")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("[]")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("{\"status\": \"DANCING\"}")).isInstanceOf(IOException.class)
                .hasMessageContaining("DANCING");
        assertThatThrownBy(() -> read("{\"created\": \"yesterday\"}")).isInstanceOf(IOException.class)
                .hasMessageContaining("yesterday");
    }
}

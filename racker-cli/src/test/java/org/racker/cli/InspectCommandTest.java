package org.racker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;

class InspectCommandTest {
    @TempDir
    Path roots;

    static ContainerRecord record(List<String> command, boolean tty) {
        return new ContainerRecord("a".repeat(64), "web", "img", "/rootfs", command, "app", "aaaaaaaaaaaa",
                Instant.parse("2026-01-01T00:00:00Z"), ContainerStatus.EXITED, null, null, null, 3,
                Instant.parse("2026-01-01T00:00:01Z"), false, false, List.of(), null, List.of(), "none", null,
                List.of(), List.of(), Instant.parse("2026-01-01T00:00:00.5Z"), tty, List.of("b=2", "a=1"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void pathArgsAndTtyAsDockersDocument() {
        Map<String, Object> json = InspectCommand.json(ContainerInfos.of(roots, record(List.of("sh", "-c",
                "exit 3"), true)).get(0));
        assertThat(json.get("Path")).isEqualTo("sh");
        assertThat(json.get("Args")).isEqualTo(List.of("-c", "exit 3"));
        assertThat(((Map<String, Object>) json.get("Config")).get("Tty")).isEqualTo(true);
        assertThat(((Map<String, Object>) json.get("Config")).get("Labels")).as("docker's map, keys in order")
                .hasToString("{a=1, b=2}");
        Map<String, Object> booted = InspectCommand.json(ContainerInfos.of(roots, record(List.of(), false)).get(0));
        assertThat(booted.get("Path")).isEqualTo("");
        assertThat(booted.get("Args")).isEqualTo(List.of());
        assertThat(((Map<String, Object>) booted.get("Config")).get("Tty")).isEqualTo(false);
    }
}

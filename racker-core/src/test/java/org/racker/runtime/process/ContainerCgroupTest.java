package org.racker.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerCgroupTest {
    @TempDir
    Path hierarchies;

    Path group(String hierarchy, String events) throws Exception {
        Path dir = Files.createDirectories(hierarchies.resolve(hierarchy).resolve("racker/web"));
        if (events != null) {
            Files.writeString(dir.resolve("cgroup.events"), events);
        }
        return dir;
    }

    @Test
    void populatedAsTheUnifiedHierarchySaysOnAHybridHost() throws Exception {
        Path v1 = group("systemd", null);
        Path unified = group("unified", "populated 1\nfrozen 0\n");
        assertThat(new ContainerCgroup(List.of(v1, unified)).populated()).isTrue();
        Files.writeString(unified.resolve("cgroup.events"), "populated 0\nfrozen 0\n");
        assertThat(new ContainerCgroup(List.of(v1, unified)).populated()).isFalse();
    }

    @Test
    void notPopulatedWhenNothingSaysSo() throws Exception {
        assertThat(new ContainerCgroup(List.of(group("systemd", null))).populated()).isFalse();
        assertThat(new ContainerCgroup(List.of(hierarchies.resolve("gone"))).populated()).isFalse();
    }
}

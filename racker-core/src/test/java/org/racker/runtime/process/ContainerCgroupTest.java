package org.racker.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
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

    /**
     * On the host's real cgroupfs (as root): a tree as a booted container leaves it, with
     * a child group named like an interface file, which the quick pass skips and the
     * second look finds.
     */
    @Test
    void removesARealTreeDeepestFirstIncludingGroupsNamedLikeInterfaceFiles() throws Exception {
        ContainerCgroup group = ContainerCgroup.forMachine("racker-cgroup-test-" + ProcessHandle.current().pid());
        try {
            group.create();
        } catch (java.io.IOException e) {
            Assumptions.abort("no writable cgroup hierarchy here: " + e.getMessage());
        }
        List<Path> made = group.directories();
        for (Path dir : made) {
            Files.createDirectories(dir.resolve("payload/system.slice/dbus.service"));
            Files.createDirectories(dir.resolve("payload/init.scope"));
            Files.createDirectories(dir.resolve("supervisor"));
            Files.createDirectories(dir.resolve("cgroup.odd/inner"));
        }
        group.remove();
        assertThat(made).isNotEmpty().allSatisfy(dir -> assertThat(dir).doesNotExist());
    }
}

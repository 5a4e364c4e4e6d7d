package org.racker.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.EventLog;
import org.racker.testing.TestRootfs;

/** Provisioning's nspawn on real systemd-nspawn: its cgroups are the machine's own and go with it. */
@Tag("integration")
class OfflineCommandIT {
    /** Where a machine's group is in each hierarchy systemd uses on this host. */
    private static List<Path> groupsOf(String machine) {
        Path root = Path.of("/sys/fs/cgroup");
        if (Files.exists(root.resolve("cgroup.controllers"))) {
            return List.of(root.resolve("racker").resolve(machine));
        }
        List<Path> groups = new ArrayList<>();
        for (String hierarchy : List.of("systemd", "unified")) {
            if (Files.exists(root.resolve(hierarchy).resolve("cgroup.procs"))) {
                groups.add(root.resolve(hierarchy).resolve("racker").resolve(machine));
            }
        }
        return groups;
    }

    @Test
    void nspawnRunsInTheMachinesOwnCgroupWhichIsRemovedAfter(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("root");
        assertThat(new ProcessBuilder("cp", "-a", TestRootfs.busybox().toString(), root.toString()).start().waitFor())
                .isZero();
        String machine = "racker-offline-it-" + ProcessHandle.current().pid();
        List<Path> groups = groupsOf(machine);
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> {
            try {
                return OfflineCommand.run(root, machine, "sleep 2; exit 3", dir.resolve("log"), EventLog.SILENT);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // while it runs, nspawn's supervisor group is below the machine's own, not racker's
        boolean seen = false;
        for (int i = 0; i < 150 && !seen && !run.isDone(); i++) {
            seen = groups.stream().allMatch(g -> Files.isDirectory(g.resolve("supervisor")));
            Thread.sleep(10);
        }
        assertThat(seen).as("nspawn's groups under " + groups).isTrue();
        assertThat(run.get()).as("the script's exit status comes back").isEqualTo(3);
        assertThat(groups).allSatisfy(g -> assertThat(g).doesNotExist());
    }
}

package org.racker.runtime;

import org.racker.host.ExitCleanup;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.api.Container;
import org.racker.api.ContainerConfig;
import org.racker.api.Image;
import org.racker.api.Racker;
import org.racker.runtime.process.ContainerCgroup;
import org.racker.testing.Leaks;
import org.racker.testing.TestRootfs;

/**
 * A long-lived JVM (a test suite) starts and closes hundreds of containers: each must give
 * back every thread, descriptor, exit task, cgroup and child process it took.
 */
@Tag("integration")
class ManyContainersIT {
    private static final int CONTAINERS = 200;
    /** Every this many containers, one is booted rather than run as an app. */
    private static final int BOOTED_EVERY = 20;

    @TempDir
    Path stateRoot;

    @Test
    void twoHundredContainersLeaveNothingInTheJvm() throws Exception {
        Racker racker = Racker.withRoot(stateRoot);
        String prefix = "many-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        ContainerConfig app = ContainerConfig.builder(Image.directory(TestRootfs.busybox()))
                .mode(ContainerConfig.Mode.APP).command("/bin/sleep", "1000").build();
        ContainerConfig booted = ContainerConfig.builder(Image.directory(TestRootfs.bookworm()))
                .mode(ContainerConfig.Mode.BOOT).bootProfile(ContainerConfig.BootProfile.TEST).build();

        // the first of each kind loads classes and starts the pools a JVM keeps
        cycle(racker, app.toBuilder().name(prefix + "warm-app").build());
        cycle(racker, booted.toBuilder().name(prefix + "warm-boot").build());
        JvmState before = JvmState.now();

        List<String> names = new ArrayList<>();
        for (int i = 0; i < CONTAINERS; i++) {
            String name = prefix + i;
            names.add(name);
            cycle(racker, (i % BOOTED_EVERY == 0 ? booted : app).toBuilder().name(name).build());
        }

        JvmState after = JvmState.now();
        assertThat(after.threads()).as("threads").isEqualTo(before.threads());
        assertThat(after.descriptors()).as("file descriptors").isEqualTo(before.descriptors());
        assertThat(ExitCleanup.pendingCount()).as("tasks for the JVM's exit").isZero();
        assertThat(ProcessHandle.current().children().map(p -> p.pid() + " " + p.info().commandLine().orElse("?")))
                .as("child processes").isEmpty();
        assertThat(ContainerCgroup.machines()).as("cgroups").doesNotContainAnyElementsOf(names);
        assertThat(Leaks.under(stateRoot)).isEmpty();
    }

    private static void cycle(Racker racker, ContainerConfig config) throws Exception {
        try (Container c = racker.start(config)) {
            assertThat(c.exec("echo", config.name()).stdoutText()).isEqualTo(config.name() + "\n");
        }
    }

    /** What a JVM holds that a container could fail to give back: threads by name, descriptors by target. */
    private record JvmState(Map<String, Integer> threads, Map<String, Integer> descriptors) {
        static JvmState now() throws IOException {
            Map<String, Integer> threads = new TreeMap<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                // the JDK's process reapers are a cached pool of its own, idle ones end after a minute
                if (t.isAlive() && !t.getName().startsWith("process reaper")) {
                    threads.merge(t.getName().replaceAll("\\d+", "N"), 1, Integer::sum);
                }
            }
            Map<String, Integer> descriptors = new TreeMap<>();
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                for (Path fd : fds.toList()) {
                    try {
                        descriptors.merge(Files.readSymbolicLink(fd).toString().replaceAll("\\d+", "N"), 1, Integer::sum);
                    } catch (IOException e) {
                        // the descriptor Files.list itself held, closed by now
                    }
                }
            }
            return new JvmState(threads, descriptors);
        }
    }
}

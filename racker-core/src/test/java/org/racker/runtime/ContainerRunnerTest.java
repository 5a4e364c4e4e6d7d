package org.racker.runtime;

import org.racker.EventLog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.InvalidArgumentException;
import org.racker.runtime.exec.Stdio;
import org.racker.runtime.network.NetworkMode;

class ContainerRunnerTest {
    @Test
    void idsAre64Hex() {
        assertThat(ContainerRunner.newId()).matches("[0-9a-f]{64}").isNotEqualTo(ContainerRunner.newId());
    }

    @Test
    void namesMustBeUsableAsMachineNames() throws Exception {
        assertThat(ContainerRunner.validName("web-1.test_a")).isEqualTo("web-1.test_a");
        for (String bad : new String[] {"", "-x", "a/b", "a b", "x".repeat(65), "a..b"}) {
            assertThatThrownBy(() -> ContainerRunner.validName(bad)).isInstanceOf(InvalidArgumentException.class);
        }
    }

    @Test
    @Tag("security")
    void controlCharactersInNamesAreRefusedFirstInOneLine(@TempDir Path state) {
        ContainerRunner runner = new ContainerRunner(state, EventLog.SILENT);
        for (String bad : new String[] {"a\u0000b", "a\nb", "a\u001b[31mb", "a\tb"}) {
            ContainerSpec named = ContainerSpec.builder(state.resolve("missing")).name(bad).command("true").build();
            assertThatThrownBy(() -> runner.run(named, Stdio.pipes(false))).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageStartingWith("invalid container name").message().doesNotContainPattern("\\p{Cntrl}");
            ContainerSpec host = ContainerSpec.builder(state.resolve("missing")).hostname(bad).command("true").build();
            assertThatThrownBy(() -> runner.run(host, Stdio.pipes(false))).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageStartingWith("invalid hostname").message().doesNotContainPattern("\\p{Cntrl}");
        }
        // the store's private directories exist from the runner's making; no record was written
        assertThat(state.resolve("containers")).isEmptyDirectory();
        assertThat(state.resolve("names")).isEmptyDirectory();
    }

    @Test
    void hostnamesFollowRfc1123() throws Exception {
        assertThat(ContainerRunner.validHostname("probe.example")).isEqualTo("probe.example");
        assertThatThrownBy(() -> ContainerRunner.validHostname("under_score")).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> ContainerRunner.validHostname("-dash")).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void systemdIsFoundThroughAbsoluteSymlinksInsideTheRoot(@TempDir Path root) throws Exception {
        assertThat(ContainerRunner.hasSystemd(root)).isFalse();
        Files.createDirectories(root.resolve("usr/lib/systemd"));
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        Files.writeString(root.resolve("usr/lib/systemd/systemd"), "");
        assertThat(ContainerRunner.hasSystemd(root)).isTrue();
    }

    @Test
    void runningARootThatIsNotADirectoryFails(@TempDir Path state) {
        ContainerRunner runner = new ContainerRunner(state, EventLog.SILENT);
        ContainerSpec spec = ContainerSpec.builder(state.resolve("missing")).command("true").build();
        assertThatThrownBy(() -> runner.run(spec, Stdio.pipes(false)))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("no such root directory");
    }

    @Test
    void aPrivateNetworkNeedsABootedContainer(@TempDir Path state) throws Exception {
        Path root = Files.createDirectories(state.resolve("app-root"));
        ContainerRunner runner = new ContainerRunner(state, EventLog.SILENT);
        ContainerSpec spec = ContainerSpec.builder(root).command("true").mode(RunMode.APP)
                .network(NetworkMode.PRIVATE).build();
        assertThatThrownBy(() -> runner.run(spec, Stdio.pipes(false)))
                .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("--network private needs a container that boots");
    }
}

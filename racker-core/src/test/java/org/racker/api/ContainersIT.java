package org.racker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.RackerException;
import org.racker.NoSuchContainerException;
import org.racker.testing.Leaks;
import org.racker.testing.TestRootfs;

/**
 * {@link Containers} against real containers, by name as the commands use it: one booted
 * container that runs throughout, and one per test that ends or goes.
 */
@Tag("integration")
class ContainersIT {
    @TempDir
    static Path stateRoot;

    static Racker racker;
    static Containers containers;
    static Container running;

    @BeforeAll
    static void boot() throws Exception {
        racker = Racker.withRoot(stateRoot);
        containers = racker.containers();
        running = racker.start(config("api-containers-running").build());
    }

    @AfterAll
    static void powerOff() {
        running.close();
        assertThat(Leaks.under(stateRoot)).isEmpty();
    }

    static ContainerConfig.Builder config(String name) {
        return ContainerConfig.builder(Image.directory(TestRootfs.bookworm())).name(name)
                .bootProfile(ContainerConfig.BootProfile.TEST);
    }

    @Test
    void aRunningContainerIsListedFoundAndLookedUpByNameOrIdPrefix() throws Exception {
        ContainerInfo info = containers.find(running.name());

        assertThat(info.id()).isEqualTo(running.id());
        assertThat(info.state()).isEqualTo(ContainerState.RUNNING);
        assertThat(info.isRunning()).isTrue();
        assertThat(info.pid()).isEqualTo(running.leaderPid());
        assertThat(info.mode()).isEqualTo("boot");
        assertThat(info.rootfs()).isEqualTo(TestRootfs.bookworm());
        assertThat(info.boundPorts()).isEmpty();
        assertThat(containers.lookup(running.id().substring(0, 12))).map(ContainerInfo::name).hasValue(running.name());
        assertThat(containers.list()).extracting(ContainerInfo::name).contains(running.name());
        assertThat(containers.names()).contains(running.name());
        assertThat(containers.list(ContainerFilter.parse(List.of("name=^api-containers-running$")), false))
                .extracting(ContainerInfo::id).containsExactly(running.id());
        assertThat(containers.list(ContainerFilter.parse(List.of("status=exited", "name=running")), false)).isEmpty();
        assertThat(containers.derivedFrom(info)).as("a directory is its own root").isEmpty();
    }

    @Test
    void anUnknownNameIsNoContainer() {
        assertThat(containers.lookup("no-such-container")).isEmpty();
        assertThatThrownBy(() -> containers.find("no-such-container")).isInstanceOf(NoSuchContainerException.class);
        assertThatThrownBy(() -> containers.remove("no-such-container", true))
                .isInstanceOf(NoSuchContainerException.class);
    }

    @Test
    void logsByNameTakeTheirOptions() throws Exception {
        running.exec(Command.of("sh", "-c", "for i in 1 2 3; do echo line-$i | systemd-cat -t api-logs; done"));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        containers.logs(running.name(), LogOptions.builder().journal(true).timestamps(true).build(), out, out);
        String all = out.toString(StandardCharsets.UTF_8);
        assertThat(all).contains("line-1").contains("line-3");
        assertThat(all.lines().filter(l -> l.contains("api-logs")))
                .allMatch(l -> l.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d+.*"));

        out.reset();
        containers.logs(running.name(), LogOptions.builder().journal(true).tail(1).build(), out, out);
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
        assertThatThrownBy(() -> LogOptions.builder().tail("some")).hasMessageContaining("invalid --tail value");
    }

    @Test
    void copiesByNameResolveRelativePathsAndCopyADirectorysContents(@TempDir Path host) throws Exception {
        Path dir = Files.createDirectories(host.resolve("in"));
        Files.writeString(dir.resolve("a"), "first");
        Files.writeString(dir.resolve("b"), "second");
        running.exec("mkdir", "-p", "/srv/contents");

        assertThat(containers.copyIn(running.name(), dir + "/.", "srv/contents")).isEmpty();
        assertThat(running.exec("ls", "/srv/contents").stdoutText()).isEqualTo("a\nb\n");

        running.exec("ln", "-sfn", "/srv/contents/a", "/srv/link");
        assertThat(containers.copyOut(running.name(), "/srv/link", host.resolve("followed"), true)).isEmpty();
        assertThat(host.resolve("followed")).isRegularFile().hasContent("first");

        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        containers.copyOut(running.name(), "/srv/contents/b", tar, false);
        assertThat(tar.toString(StandardCharsets.ISO_8859_1)).contains("second");

        assertThatThrownBy(() -> containers.copyIn(running.name(), host.resolve("missing").toString(), "/srv"))
                .hasMessage("no such file or directory: " + host.resolve("missing"));
    }

    @Test
    void anExitedContainerIsReadFromItsImageAndRemovedWithoutForce(@TempDir Path host) throws Exception {
        Container c = racker.start(config("api-containers-exited").build());
        String name = c.name();
        assertThatThrownBy(() -> containers.remove(name, false)).isInstanceOf(RackerException.class)
                .hasMessageContaining("container is running");
        c.stop();

        ContainerInfo info = containers.find(name);
        assertThat(info.state()).isEqualTo(ContainerState.EXITED);
        assertThat(info.finished()).isPresent();
        assertThat(containers.list(ContainerFilter.NONE, false)).extracting(ContainerInfo::name).doesNotContain(name);
        assertThat(containers.list(ContainerFilter.NONE, true)).extracting(ContainerInfo::name).contains(name);

        containers.copyOut(name, "/etc/debian_version", host.resolve("version"), false);
        assertThat(host.resolve("version")).content().startsWith("12");
        assertThatThrownBy(() -> containers.copyIn(name, host.resolve("version").toString(), "/tmp"))
                .hasMessageContaining("which is not running");

        containers.remove(name, false);
        assertThat(containers.lookup(name)).isEmpty();
        c.close();
    }

    @Test
    void forceRemovesARunningContainer() throws Exception {
        Container c = racker.start(config("api-containers-forced").build());

        containers.remove(c.name(), true);

        assertThat(containers.lookup(c.name())).isEmpty();
        assertThat(c.isRunning()).isFalse();
        c.close();
    }
}

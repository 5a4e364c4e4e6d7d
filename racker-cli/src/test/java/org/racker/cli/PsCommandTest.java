package org.racker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.host.ProcessIdentity;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;
import org.racker.state.ContainerStore;

/** ps over a store of made-up records: a running one (owned by this JVM, so never reaped) and exited ones. */
class PsCommandTest {
    @TempDir
    Path root;

    static ContainerRecord record(char id, String name, ContainerStatus status, Integer exitCode, String created) {
        return new ContainerRecord(String.valueOf(id).repeat(64), name, "debian:bookworm", "/rootfs", List.of("true"),
                "boot", "h", Instant.parse(created), status, ProcessIdentity.self(), null, null, exitCode,
                exitCode == null ? null : Instant.parse(created), false, true, List.of(), null, List.of(), "host", null);
    }

    @BeforeEach
    void containers() throws Exception {
        ContainerStore store = new ContainerStore(root);
        store.create(record('a', "web", ContainerStatus.RUNNING, null, "2026-01-01T00:00:00Z"));
        store.create(record('b', "old", ContainerStatus.EXITED, 3, "2026-01-02T00:00:00Z"));
        store.create(record('c', "older", ContainerStatus.EXITED, 0, "2025-12-01T00:00:00Z"));
    }

    RackerMainTest.Outcome ps(String... args) {
        String[] line = new String[args.length + 3];
        line[0] = "--root";
        line[1] = root.toString();
        line[2] = "ps";
        System.arraycopy(args, 0, line, 3, args.length);
        return RackerMainTest.run(line);
    }

    List<String> names(String... args) {
        RackerMainTest.Outcome o = ps(concat(args, "--format", "{{.Names}}"));
        assertThat(o.code()).as(o.err()).isZero();
        return o.out().lines().toList();
    }

    static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void filtersAsDocker() {
        assertThat(names()).containsExactly("web");
        assertThat(names("-a")).containsExactly("old", "web", "older");
        assertThat(names("--filter", "status=exited")).containsExactly("old", "older"); // implies -a
        assertThat(names("-f", "status=exited", "-f", "status=running")).containsExactly("old", "web", "older");
        assertThat(names("-f", "exited=3")).isEmpty(); // exited= alone does not
        assertThat(names("-a", "-f", "exited=3")).containsExactly("old");
        assertThat(names("-a", "-f", "name=old", "-f", "exited=0")).containsExactly("older");
        assertThat(names("-f", "id=aaaa")).containsExactly("web");
        assertThat(names("-f", "ancestor=docker.io/library/debian:bookworm")).containsExactly("web");
    }

    @Test
    void aBootedContainerWithoutACommandShowsItsInit() throws Exception {
        ContainerRecord booted = new ContainerRecord("d".repeat(64), "os", "debian:bookworm", "/rootfs", List.of(), "boot",
                "h", Instant.parse("2026-01-03T00:00:00Z"), ContainerStatus.RUNNING, ProcessIdentity.self(), null, null,
                null, null, false, true, List.of(), null, List.of(), "host", null);
        new ContainerStore(root).create(booted);
        assertThat(ps("--format", "{{.Names}} {{.Command}}").out()).contains("os \"/sbin/init\"").contains("web \"true\"");
    }

    @Test
    void publishedPortsShowWhileTheContainerRuns() throws Exception {
        ContainerRecord web = record('d', "pub", ContainerStatus.RUNNING, null, "2026-01-03T00:00:00Z");
        ContainerRecord withPorts = new ContainerRecord(web.id(), web.name(), web.image(), web.rootfs(), web.command(),
                web.mode(), web.hostname(), web.created(), web.status(), web.owner(), null, null, null, null, false, true,
                List.of(), null, List.of(), "private", null,
                List.of("0.0.0.0:8080:80/tcp", "127.0.0.1:5353:53/udp"), List.of());
        new ContainerStore(root).create(withPorts);
        assertThat(ps("--format", "{{.Names}}: {{.Ports}}", "-f", "name=pub").out())
                .isEqualTo("pub: 127.0.0.1:5353->53/udp, 0.0.0.0:8080->80/tcp\n");
        String table = ps("-f", "name=pub").out();
        assertThat(table.lines().findFirst().orElseThrow()).containsSubsequence("STATUS", "PORTS", "NAMES");
        assertThat(table).contains("127.0.0.1:5353->53/udp, 0.0.0.0:8080->80/tcp   pub");
        assertThat(ps("--format", "{{.Names}}:{{.Ports}}", "-f", "name=web").out()).isEqualTo("web:\n");
    }

    @Test
    void lastAndLatestCountTheNewestOfAllStates() {
        assertThat(names("-l")).containsExactly("old");
        assertThat(names("--latest")).containsExactly("old");
        assertThat(names("-n", "2")).containsExactly("old", "web");
        assertThat(names("--last", "2", "-l")).containsExactly("old", "web");
        assertThat(names("-n", "1", "-f", "name=^w")).containsExactly("web");
        assertThat(names("-n", "0")).containsExactly("web");
    }

    @Test
    void quietAndTemplatesShowTheFilteredContainers() {
        assertThat(ps("-q", "-f", "status=exited").out()).isEqualTo("b".repeat(12) + "\n" + "c".repeat(12) + "\n");
        assertThat(ps("--format", "table {{.Names}}\\t{{.State}}").out())
                .isEqualTo("NAMES     STATE\nweb       running\n");
        assertThat(ps("--format", "table").out()).startsWith("CONTAINER ID   IMAGE");
    }

    @Test
    void aBadFilterOrTemplateIsOneLineAndExit125() {
        for (String[] bad : List.of(new String[] {"-f", "colour=red"}, new String[] {"-f", "status"},
                new String[] {"-f", "status=sleeping"}, new String[] {"--format", "{{.Nope}}"},
                new String[] {"--format", "yaml"})) {
            RackerMainTest.Outcome o = ps(bad);
            assertThat(o.code()).as(String.join(" ", bad)).isEqualTo(125);
            assertThat(o.err().strip()).startsWith("racker: ").doesNotContain("\n");
            assertThat(o.out()).isEmpty();
        }
    }
}

package org.racker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.runtime.ContainerNotRunningException;
import org.racker.NoSuchContainerException;
import org.racker.NoSuchUserException;
import org.racker.testing.Leaks;
import org.racker.testing.TestRootfs;

/** The library API against real containers: a booted Debian root and a busybox app root. */
@Tag("integration")
class ContainerIT {
    @TempDir
    static Path stateRoot;

    static Racker racker;
    /** One booted container for the tests that only run commands in it. */
    static Container shared;

    @BeforeAll
    static void boot() throws Exception {
        racker = Racker.withRoot(stateRoot);
        shared = racker.start(ContainerConfig.builder(Image.directory(TestRootfs.bookworm()))
                .env("FROM_CONTAINER", "container").env("OVERRIDDEN", "container")
                .bootProfile(ContainerConfig.BootProfile.TEST)
                .build());
    }

    @AfterAll
    static void powerOff() {
        shared.close();
        assertThat(Leaks.under(stateRoot)).isEmpty();
    }

    @AfterEach
    void onlyTheSharedContainerRuns() {
        assertThat(shared.isRunning()).isTrue();
    }

    @Test
    void execReturnsStatusAndBothStreams() throws Exception {
        ExecResult r = shared.exec("sh", "-c", "echo out; echo err >&2; exit 3");

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdoutText()).isEqualTo("out\n");
        assertThat(r.stderrText()).isEqualTo("err\n");
    }

    @Test
    void aCommandRunsAsAServiceOfTheContainersSystemdOrEnteredDirectly() throws Exception {
        String script = "echo \"unit=${INVOCATION_ID:+yes} $(cat /proc/sys/kernel/hostname)\"; exit 4";
        ExecResult service = shared.exec(Command.of("sh", "-c", script));
        assertThat(service.exitCode()).isEqualTo(4);
        assertThat(service.stdoutText()).as("systemd gives every service an invocation id").startsWith("unit=yes ");
        ExecResult direct = shared.exec(Command.of("sh", "-c", script).withServiceManager(false));
        assertThat(direct.exitCode()).isEqualTo(4);
        assertThat(direct.stdoutText()).as("no unit, the same container").isEqualTo(
                service.stdoutText().replace("unit=yes", "unit="));
        assertThat(shared.exec(Command.of("systemctl", "is-active", "systemd-journald").withServiceManager(false))
                .stdoutText()).isEqualTo("active\n");
        assertThat(Command.of("true").withServiceManager(false)).isNotEqualTo(Command.of("true"));
    }

    @Test
    void testProfileMasksUnitsForThisBootOnly() throws Exception {
        assertThat(shared.exec("systemctl", "show", "-p", "LoadState", "systemd-logind.service").stdoutText())
                .isEqualTo("LoadState=masked\n");
        assertThat(Files.exists(TestRootfs.bookworm().resolve("etc/systemd/system/systemd-logind.service"))).isFalse();
    }

    @Test
    void hostnameNameAndNetworkComeFromTheConfig(@TempDir Path root) throws Exception {
        try (Container c = Racker.withRoot(root).start(ContainerConfig.builder(Image.directory(TestRootfs.bookworm()))
                .name("api-config").hostname("configured-host").network(ContainerConfig.Network.NONE)
                .bootProfile(ContainerConfig.BootProfile.TEST).build())) {
            assertThat(c.name()).isEqualTo("api-config");
            assertThat(c.exec("cat", "/proc/sys/kernel/hostname").stdoutText()).isEqualTo("configured-host\n");
            assertThat(c.exec("ls", "/sys/class/net").stdoutText()).isEqualTo("lo\n");
        }
        assertThat(Leaks.under(root)).isEmpty();
    }

    @Test
    void publishedPortReachesAServerInTheContainerFromTheHost(@TempDir Path root) throws Exception {
        ContainerConfig config = ContainerConfig.builder(Image.directory(TestRootfs.bookworm()))
                .publish("127.0.0.1::80").addHost("db", "192.0.2.10")
                .bootProfile(ContainerConfig.BootProfile.TEST).build();
        assertThat(config.network()).as("publishing chooses a network of the container's own")
                .isEqualTo(ContainerConfig.Network.PRIVATE);
        try (Container c = Racker.withRoot(root).start(config)) {
            Process server = c.start(Command.of("perl", "-e", "use IO::Socket::INET;"
                    + " my $s = IO::Socket::INET->new(LocalPort => 80, Listen => 5, ReuseAddr => 1) or die;"
                    + " while (my $c = $s->accept) { print $c \"HTTP/1.0 200 OK\\r\\n\\r\\nfrom the container\\n\"; close $c }"));
            int port = c.hostPort(80);
            assertThat(port).isPositive();
            String answer = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (answer == null || answer.isEmpty()) {
                assertThat(System.nanoTime()).as("the server answered on 127.0.0.1:" + port).isLessThan(deadline);
                try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                    s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    Thread.sleep(50);
                }
            }
            assertThat(answer).startsWith("HTTP/1.0 200 OK").endsWith("from the container\n");
            assertThat(c.exec("getent", "hosts", "db").stdoutText()).isEqualTo("192.0.2.10      db\n");
            assertThatThrownBy(() -> c.hostPort(81)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("81/tcp").hasMessageContaining("not published");
            server.destroy();
        }
        assertThat(Leaks.under(root)).isEmpty();
    }

    @Test
    void publishingWithTheHostsNetworkIsRefused(@TempDir Path root) {
        assertThatThrownBy(() -> Racker.withRoot(root).start(ContainerConfig.builder(Image.directory(TestRootfs.bookworm()))
                .publish("127.0.0.1:8080:80").network(ContainerConfig.Network.HOST).build()))
                .isInstanceOf(org.racker.InvalidArgumentException.class)
                .hasMessageContaining("the container shares the host's network");
        assertThatThrownBy(() -> ContainerConfig.builder(Image.directory(root)).publish("80/sctp"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tcp or udp");
        assertThat(Leaks.under(root)).isEmpty();
    }

    @Test
    void missingCommandIs127() throws Exception {
        assertThat(shared.exec("no-such-command").exitCode()).isEqualTo(127);
    }

    @Test
    void commandSeesContainerEnvironmentUnderItsOwn() throws Exception {
        ExecResult r = shared.exec(Command.of("sh", "-c", "echo $FROM_CONTAINER $OVERRIDDEN $FROM_COMMAND")
                .withEnv("OVERRIDDEN", "command").withEnv("FROM_COMMAND", "x y"));

        assertThat(r.stdoutText()).isEqualTo("container command x y\n");
    }

    @Test
    void workingDirectoryIsCreatedWhenMissing() throws Exception {
        assertThat(shared.exec(Command.of("pwd").withWorkingDirectory("/tmp/made/by/exec")).stdoutText())
                .isEqualTo("/tmp/made/by/exec\n");
        assertThat(shared.exec(Command.of("pwd").withWorkingDirectory("/etc")).stdoutText()).isEqualTo("/etc\n");
    }

    @Test
    void userByNameAndId() throws Exception {
        assertThat(shared.exec(Command.of("id", "-un").withUser("nobody")).stdoutText()).isEqualTo("nobody\n");
        assertThat(shared.exec(Command.of("id", "-u").withUser("65534")).stdoutText()).isEqualTo("65534\n");
        assertThat(shared.exec(Command.of("id", "-un")).stdoutText()).isEqualTo("root\n");
    }

    @Test
    void unknownUserIsRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> shared.exec(Command.of("true").withUser("no-such-user")))
                .isInstanceOf(NoSuchUserException.class).hasMessageContaining("no-such-user");
    }

    @Test
    void stdinAndBinaryOutputPassByteForByte() throws Exception {
        byte[] every = new byte[256];
        for (int i = 0; i < every.length; i++) {
            every[i] = (byte) i;
        }
        ExecResult r = shared.exec(Command.of("cat").withStdin(every));

        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).isEqualTo(every);
    }

    @Test
    void streamingFormHandsOverTheProcess() throws Exception {
        Process p = shared.start(Command.of("tr", "a-z", "A-Z"));
        p.getOutputStream().write("streamed\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();

        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("STREAMED\n");
        assertThat(p.waitFor()).isZero();
    }

    @Test
    void copyInAndOutKeepContentAndMode(@TempDir Path host) throws Exception {
        Path script = host.resolve("hello.sh");
        Files.writeString(script, "#!/bin/sh\necho copied in\n");
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));

        shared.copyIn(script, "/usr/local/bin/");
        assertThat(shared.exec("hello.sh").stdoutText()).isEqualTo("copied in\n");

        shared.exec("sh", "-c", "mkdir -p /srv/out && echo made inside > /srv/out/file");
        shared.copyOut("/srv/out", host.resolve("back"));
        assertThat(host.resolve("back/file")).hasContent("made inside");
        shared.copyOut("/usr/local/bin/hello.sh", host.resolve("round-trip.sh"));
        assertThat(Files.getPosixFilePermissions(host.resolve("round-trip.sh")))
                .isEqualTo(Files.getPosixFilePermissions(script));
    }

    @Test
    void logsShowTheJournal() throws Exception {
        shared.exec(Command.of("systemd-cat", "-t", "api-test").withStdin("logged by the test\n".getBytes()));

        assertThat(shared.logs()).contains("api-test").contains("logged by the test");
    }

    @Test
    void attachByNameGivesTheSameContainer() throws Exception {
        Container attached = Racker.withRoot(stateRoot).attach(shared.name());

        assertThat(attached.id()).isEqualTo(shared.id());
        assertThat(attached.leaderPid()).isEqualTo(shared.leaderPid());
        assertThat(attached.exec(Command.of("sh", "-c", "echo $FROM_CONTAINER")).stdoutText()).isEqualTo("container\n");
        assertThat(Racker.withRoot(stateRoot).attach(shared.id().substring(0, 12)).name()).isEqualTo(shared.name());
    }

    @Test
    void attachToUnknownNameFails() {
        assertThatThrownBy(() -> racker.attach("no-such-container")).isInstanceOf(NoSuchContainerException.class);
    }

    @Test
    void closingTwiceStopsOnceAndLeavesNothing(@TempDir Path root) throws Exception {
        Container c = Racker.withRoot(root).start(ContainerConfig.builder(Image.directory(TestRootfs.bookworm()))
                .name("api-close-twice").bootProfile(ContainerConfig.BootProfile.TEST).build());
        assertThat(c.exec("true").exitCode()).isZero();

        c.close();
        c.close();

        assertThat(c.isRunning()).isFalse();
        assertThatThrownBy(() -> c.exec("true")).isInstanceOf(ContainerNotRunningException.class);
        assertThat(Leaks.under(root)).isEmpty();
    }

    @Test
    void closingWhileACommandRunsEndsTheCommand(@TempDir Path root) throws Exception {
        Container c = Racker.withRoot(root).start(ContainerConfig.builder(Image.directory(TestRootfs.bookworm()))
                .bootProfile(ContainerConfig.BootProfile.TEST).stopTimeout(Duration.ofSeconds(5)).build());
        CompletableFuture<ExecResult> running = CompletableFuture.supplyAsync(() -> {
            try {
                return c.exec("sleep", "600");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(500); // let the command start

        c.close();

        // systemd stops the command's service with the container; its status is systemd's to tell
        assertThat(running.get(30, TimeUnit.SECONDS)).isNotNull();
        assertThat(Leaks.under(root)).isEmpty();
    }

    @Test
    void stopKeepsTheRecordForLogsUntilClose(@TempDir Path root) throws Exception {
        Racker own = Racker.withRoot(root);
        try (Container c = own.start(ContainerConfig.builder(Image.directory(TestRootfs.bookworm()))
                .bootProfile(ContainerConfig.BootProfile.TEST).build())) {
            c.stop();
            assertThat(c.isRunning()).isFalse();
            assertThat(own.attach(c.name()).isRunning()).isFalse();
        }
        assertThat(Leaks.under(root)).isEmpty();
    }

    @Test
    void appRootRunsItsCommandAndTakesExecs(@TempDir Path root) throws Exception {
        try (Container app = Racker.withRoot(root).start(ContainerConfig.builder(Image.directory(TestRootfs.busybox()))
                .command("sh", "-c", "echo app started; exec sleep 600")
                .env("GREETING", "hello")
                .build())) {
            assertThat(app.exec(Command.of("sh", "-c", "echo $GREETING $OWN").withEnv("OWN", "own")).stdoutText())
                    .isEqualTo("hello own\n");
            assertThat(app.exec(Command.of("pwd").withWorkingDirectory("/tmp/app-dir")).stdoutText())
                    .isEqualTo("/tmp/app-dir\n");
            assertThat(app.exec(Command.of("sh", "-c", "busybox id -u").withUser("1234")).stdoutText())
                    .isEqualTo("1234\n");
            assertThat(app.exec(Command.of("cat").withStdin(new byte[] {0, 1, (byte) 0xff})).stdout())
                    .containsExactly(0, 1, 0xff);
            awaitLogs(app, "app started");
        }
        assertThat(Leaks.under(root)).isEmpty();
    }

    @Test
    void containersStartedAndClosedLeaveNoThreadsOrRecords(@TempDir Path root) throws Exception {
        Racker own = Racker.withRoot(root);
        ContainerConfig config = ContainerConfig.builder(Image.directory(TestRootfs.bookworm()))
                .bootProfile(ContainerConfig.BootProfile.TEST).build();
        try (Container warmUp = own.start(config)) {
            warmUp.exec("true");
        }
        int threadsBefore = Thread.activeCount();
        for (int i = 0; i < 5; i++) {
            try (Container c = own.start(config)) {
                assertThat(c.exec(Command.of("cat").withStdin(new byte[] {42})).stdout()).containsExactly(42);
            }
        }
        // threads of the JDK's common pool may come and go; racker's own must all be gone
        // (but the thread that starts nspawn, which lives as long as any container it started
        // does: the shared one here)
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("racker-")
                && !t.getName().equals("racker-process-parent"));
        assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsBefore + 2);
        assertThat(Leaks.under(root)).isEmpty();
    }

    @Test
    void appRootWithoutCommandIsRefused(@TempDir Path root) {
        assertThatThrownBy(() -> Racker.withRoot(root).start(ContainerConfig.of(Image.directory(TestRootfs.busybox()))))
                .isInstanceOf(org.racker.InvalidArgumentException.class).hasMessageContaining("no command");
        assertThat(Leaks.under(root)).isEmpty();
    }

    /** The console log is written by nspawn as the command prints: wait for it a little. */
    private static void awaitLogs(Container c, String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!c.logs().contains(expected) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(c.logs()).contains(expected);
    }
}

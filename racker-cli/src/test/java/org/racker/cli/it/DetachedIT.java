package org.racker.cli.it;

import org.racker.testing.TestRootfs;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** run -d and the commands that act on a running container from other racker processes. */
@Tag("integration")
class DetachedIT extends IsolatedRackerTest {
    static Path bookworm;

    @BeforeAll
    static void rootfs() {
        bookworm = TestRootfs.bookworm();
    }

    String startDetached(String... extra) {
        String[] args = new String[5 + extra.length];
        System.arraycopy(new String[] {"run", "-d", "--name", marker, "--rootfs=" + bookworm}, 0, args, 0, 5);
        System.arraycopy(extra, 0, args, 5, extra.length);
        RackerProcess.Result run = racker.run(args);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).matches("[0-9a-f]{64}\n");
        return run.stdout().strip();
    }

    @Test
    void aBootedContainersCommandEndsItWithItsStatusAsDockers() {
        startDetached("sh", "-c", "exit 7");
        RackerProcess.Result wait = racker.run("wait", marker);
        assertThat(wait.stdout()).as(wait.toString()).isEqualTo("7\n");
        RackerProcess.Result state = racker.run("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}} {{.Path}} {{.Args}} {{.Config.Tty}}", marker);
        assertThat(state.stdout()).as(state.toString()).isEqualTo("exited 7 sh [-c exit 7] false\n");
        assertThat(racker.run("rm", marker).exitCode()).isZero();
    }

    @Test
    void dollarSignsReachTheCommandAsTheyWereGiven() {
        startDetached();
        RackerProcess.Result echo = racker.run("exec", "-e", "V=a$HOME${HOME}$$", marker, "sh", "-c",
                "printf '%s|' \"$V\" '$HOME' \"$0\"", "${PWD}");
        assertThat(echo.stdout()).as(echo.toString()).isEqualTo("a$HOME${HOME}$$|$HOME|${PWD}|");
        RackerProcess.Result workdir = racker.run("exec", "-w", "/srv/new", marker, "echo", "$x");
        assertThat(workdir.stdout()).as(workdir.toString()).isEqualTo("$x\n");
        RackerProcess.Result run = racker.run("run", "--rm", "--rootfs=" + bookworm, "echo", "${HOSTNAME}", "$$");
        assertThat(run.stdout()).as(run.toString()).isEqualTo("${HOSTNAME} $$\n");
        racker.run("rm", "-f", marker);
    }

    @Test
    void envFilesGiveVariablesToRunAndExecAndMinusEWins(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("vars"), "# for the test\nA=from file\nB=x$HOME\n");
        startDetached("--env-file", file.toString());
        RackerProcess.Result exec = racker.run("exec", "--env-file", file.toString(), "-e", "A=from -e", marker,
                "sh", "-c", "printf '%s|%s' \"$A\" \"$B\"");
        assertThat(exec.stdout()).as(exec.toString()).isEqualTo("from -e|x$HOME");
        RackerProcess.Result inherited = racker.run("exec", marker, "sh", "-c", "printf '%s' \"$A\"");
        assertThat(inherited.stdout()).as("the container's own, from run --env-file").isEqualTo("from file");
        RackerProcess.Result inspect = racker.run("inspect", "-f", "{{.State.Running}} {{.Name}} {{json .Config.Env}}",
                marker);
        assertThat(inspect.stdout()).as(inspect.toString()).startsWith("true /" + marker + " [").contains("\"A=from file\"");
        RackerProcess.Result bad = racker.run("exec", "--env-file", dir.resolve("none").toString(), marker, "true");
        assertThat(bad.exitCode()).isEqualTo(125);
        assertThat(bad.stderr()).isEqualTo("racker: --env-file " + dir.resolve("none") + " does not exist\n");
        racker.run("rm", "-f", marker);
    }

    @Test
    void aDetachedContainerOutlivesItsStarterAndServesExec() {
        String id = startDetached();
        assertThat(racker.run("ps").stdout()).contains(id.substring(0, 12)).contains("Up ").contains(marker);
        assertThat(racker.run("ps", "-q", "--no-trunc").stdout()).contains(id);
        RackerProcess.Result active = racker.run("exec", marker, "systemctl", "is-active", "systemd-journald");
        assertThat(active.stdout()).isEqualTo("active\n");
        assertThat(racker.run("exec", id.substring(0, 8), "sh", "-c", "exit 7").exitCode()).isEqualTo(7);
        RackerProcess.Result stdin = racker.run("payload\n".getBytes(StandardCharsets.UTF_8), "exec", "-i", marker,
                "sh", "-c", "cat > /tmp/x; cat /tmp/x");
        assertThat(stdin.stdout()).isEqualTo("payload\n");
        assertThat(racker.run("exec", "-e", "A=b", "-w", "/srv/new", marker, "sh", "-c", "echo $A; pwd").stdout())
                .isEqualTo("b\n/srv/new\n");
        assertThat(racker.run("exec", marker, "no-such-command").exitCode()).isEqualTo(127);

        List<CompletableFuture<RackerProcess.Result>> together = List.of(
                CompletableFuture.supplyAsync(() -> racker.run("exec", marker, "hostname")),
                CompletableFuture.supplyAsync(() -> racker.run("exec", marker, "hostname")));
        assertThat(together.get(0).join().stdout()).isEqualTo(together.get(1).join().stdout()).isNotEmpty();

        racker.run("exec", marker, "logger", "-t", "racker-test", "hello journal");
        RackerProcess.Result logs = racker.run("logs", marker);
        assertThat(logs.exitCode()).as(logs.toString()).isZero();
        assertThat(logs.stdout()).contains("racker-test").contains("hello journal");
        assertThat(racker.run("logs", "--tail", "1", marker).stdout().lines().count()).isEqualTo(1);

        RackerProcess.Result inspect = racker.run("inspect", marker);
        assertThat(inspect.stdout()).contains("\"Id\" : \"" + id + "\"").contains("\"Running\" : true")
                .contains("\"Hostname\"");

        RackerProcess.Result rm = racker.run("rm", marker);
        assertThat(rm.exitCode()).isEqualTo(1);
        assertThat(rm.stderr()).contains("rm -f");
        assertThat(racker.run("ps", "-f", "status=running", "-f", "name=^" + marker + "$", "-q").stdout())
                .isEqualTo(id.substring(0, 12) + "\n");
        assertThat(racker.run("ps", "--filter", "status=exited", "--format", "{{.Names}}").stdout()).isEmpty();
        assertThat(racker.run("stop", marker).exitCode()).isZero();
        assertThat(racker.run("ps", "-a").stdout()).contains("Exited (0)");
        // a status filter lists exited containers without -a, as docker's does
        assertThat(racker.run("ps", "-f", "status=exited", "--format", "{{.Names}} {{.State}}").stdout())
                .isEqualTo(marker + " exited\n");
        assertThat(racker.run("ps", "-f", "status=running", "-q").stdout()).isEmpty();
        assertThat(racker.run("ps", "-a", "-f", "exited=0", "-f", "id=" + id.substring(0, 6), "-q", "--no-trunc")
                .stdout()).isEqualTo(id + "\n");
        assertThat(racker.run("ps", "-l", "--format", "table {{.ID}}\\t{{.Status}}").stdout())
                .startsWith("CONTAINER ID   STATUS\n" + id.substring(0, 12) + "   Exited (0) ");
        RackerProcess.Result badFilter = racker.run("ps", "-f", "colour=red");
        assertThat(badFilter.exitCode()).isEqualTo(125);
        assertThat(badFilter.stderr().strip()).doesNotContain("\n").contains("colour");
        assertThat(racker.run("exec", marker, "true").exitCode()).isEqualTo(125);
        assertThat(racker.run("rm", marker).exitCode()).isZero();
        assertThat(racker.run("ps", "-a").stdout()).doesNotContain(marker);
        assertThat(racker.run("stop", marker).exitCode()).isEqualTo(1);
    }

    @Test
    void cpCopiesBothWaysKeepingModesAndWaitReportsTheExit(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        startDetached();
        Path in = java.nio.file.Files.createDirectories(dir.resolve("in/sub"));
        java.nio.file.Files.writeString(in.resolve("f"), "data\n");
        java.nio.file.Files.setPosixFilePermissions(in, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
        assertThat(racker.run("cp", dir.resolve("in").toString(), marker + ":/srv").exitCode()).isZero();
        assertThat(racker.run("exec", marker, "stat", "-c", "%a %n", "/srv/in/sub").stdout()).isEqualTo("750 /srv/in/sub\n");
        Path out = java.nio.file.Files.createDirectories(dir.resolve("out"));
        assertThat(racker.run("cp", marker + ":/srv/in/sub/f", out.toString()).exitCode()).isZero();
        assertThat(out.resolve("f")).hasContent("data");
        // as docker cp: a destination that is no directory is the copy's new name
        assertThat(racker.run("cp", marker + ":/srv/in/sub/f", out.resolve("renamed.txt").toString()).exitCode()).isZero();
        assertThat(out.resolve("renamed.txt")).hasContent("data");
        assertThat(racker.run("cp", out.resolve("renamed.txt").toString(), marker + ":/srv/copy.txt").exitCode()).isZero();
        assertThat(racker.run("exec", marker, "cat", "/srv/copy.txt").stdout()).isEqualTo("data\n");
        // the container's absolute symlinks lead to the container's files, never the host's
        assertThat(racker.run("exec", marker, "sh", "-c", "echo in-container > /srv/secret; ln -s /srv /tmp/srv-link")
                .exitCode()).isZero();
        Path linked = java.nio.file.Files.createDirectories(dir.resolve("linked"));
        assertThat(racker.run("cp", marker + ":/tmp/srv-link/secret", linked.toString()).exitCode()).isZero();
        assertThat(linked.resolve("secret")).hasContent("in-container");
        RackerProcess.Result missing = racker.run("cp", marker + ":/no/such/path", out.toString());
        assertThat(missing.exitCode()).isEqualTo(125);
        assertThat(missing.stderr()).contains("No such file");
        Process waiter = racker.start("wait", marker);
        assertThat(racker.run("stop", marker).exitCode()).isZero();
        assertThat(new String(waiter.getInputStream().readAllBytes())).isEqualTo("0\n");
        assertThat(waiter.waitFor()).isZero();
        assertThat(racker.run("rm", marker).exitCode()).isZero();
    }

    @Test
    void aCommandThatCannotStartFailsTheRunAndLeavesNoContainer() {
        RackerProcess.Result missing = racker.run("run", "-d", "--name", marker, "--rootfs", bookworm.toString(),
                "no-such-command");
        assertThat(missing.exitCode()).isEqualTo(127);
        assertThat(missing.stdout()).isEmpty();
        assertThat(missing.stderr()).isEqualTo("racker: executable file not found in the container: no-such-command"
                + " (searched $PATH)\n");
        RackerProcess.Result notExecutable = racker.run("run", "-d", "--name", marker, "--rootfs", bookworm.toString(),
                "/etc/debian_version");
        assertThat(notExecutable.exitCode()).isEqualTo(126);
        assertThat(notExecutable.stderr()).hasLineCount(1);
        assertThat(racker.run("ps", "-aq").stdout()).isEmpty();
    }

    @Test
    void rmForceKillsARunningContainer() {
        startDetached("sleep", "600");
        RackerProcess.Result sleeping = racker.run("exec", marker, "systemctl", "is-active", "racker-main");
        assertThat(sleeping.stdout()).isEqualTo("active\n");
        assertThat(racker.run("rm", "-f", marker).exitCode()).isZero();
        assertThat(racker.run("ps", "-a").stdout()).doesNotContain(marker);
    }

    @Test
    void aContainerWhoseNspawnWasKilledFromOutsideShowsAsExited() throws Exception {
        startDetached();
        String pid = HostLeaks.nspawnPid(marker);
        new ProcessBuilder("kill", "-KILL", pid).start().waitFor();
        long deadline = System.nanoTime() + 30_000_000_000L;
        String ps = "";
        while (System.nanoTime() < deadline) {
            ps = racker.run("ps", "-a").stdout();
            if (ps.contains("Exited")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(ps).contains(marker).contains("Exited (137)");
        assertThat(HostLeaks.of(marker)).as("the reap removed the cgroup and nspawn's propagation directory").isEmpty();
        assertThat(racker.run("rm", marker).exitCode()).isZero();
    }

    @Test
    void stopKillsAContainerWhoseInitIgnoresThePoweroffAfterTheTimeout() {
        startDetached();
        // a masked poweroff.target: systemd receives the poweroff signal and does nothing
        assertThat(racker.run("exec", marker, "systemctl", "mask", "--runtime", "--quiet", "poweroff.target").exitCode())
                .isZero();
        long t0 = System.nanoTime();
        assertThat(racker.run("stop", "-t", "2", marker).exitCode()).isZero();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(millis).as("stop waited for the timeout, then killed").isBetween(2_000L, 20_000L);
        assertThat(racker.run("ps", "-a").stdout()).contains(marker).contains("Exited (137)");
        assertThat(HostLeaks.of(marker)).isEmpty();
        assertThat(racker.run("rm", marker).exitCode()).isZero();
    }

    @Test
    void execDashDLeavesACommandRunningAndKillDashSSignalsInit() throws Exception {
        startDetached();
        // the command cannot end before /tmp/go exists: exec -d returning proves it did not wait
        RackerProcess.Result detached = racker.run("exec", "-d", marker, "sh", "-c",
                "echo from-detached-exec; while [ ! -e /tmp/go ]; do sleep 0.1; done; touch /tmp/flag");
        assertThat(detached.exitCode()).as(detached.toString()).isZero();
        assertThat(detached.stdout()).isEmpty();
        assertThat(racker.run("exec", marker, "test", "-e", "/tmp/flag").exitCode()).isEqualTo(1);
        assertThat(racker.run("exec", marker, "touch", "/tmp/go").exitCode()).isZero();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (racker.run("exec", marker, "test", "-e", "/tmp/flag").exitCode() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(racker.run("exec", marker, "test", "-e", "/tmp/flag").exitCode()).isZero();
        assertThat(racker.run("logs", marker).stdout()).as("its output went to the journal").contains("from-detached-exec");
        RackerProcess.Result tty = racker.run("exec", "-d", "-t", marker, "true");
        assertThat(tty.exitCode()).isEqualTo(125);
        assertThat(tty.stderr()).startsWith("racker: exec -d runs the command without a terminal").hasLineCount(1);

        // systemd's own word for "power off": SIGRTMIN+4 to PID 1
        assertThat(racker.run("kill", "-s", "SIGRTMIN+4", marker).exitCode()).isZero();
        Process waiter = racker.start("wait", marker);
        assertThat(new String(waiter.getInputStream().readAllBytes())).isEqualTo("0\n");
        assertThat(racker.run("ps", "-a").stdout()).contains("Exited (0)");
        assertThat(HostLeaks.of(marker)).isEmpty();
        assertThat(racker.run("rm", marker).exitCode()).isZero();
    }

    @Test
    void theJournalOutlivesTheContainerAndAPoweroffFromInsideExitsCleanly() throws Exception {
        startDetached("sh", "-c", "echo from-the-main-command; exec sleep 600");
        assertThat(racker.run("exec", marker, "logger", "-t", "racker-test", "kept line").exitCode()).isZero();
        // a poweroff from inside: the container ends by itself, with status 0, not "killed"
        racker.run("exec", marker, "systemctl", "poweroff", "--no-block");
        Process waiter = racker.start("wait", marker);
        assertThat(new String(waiter.getInputStream().readAllBytes())).isEqualTo("0\n");
        assertThat(racker.run("ps", "-a").stdout()).contains("Exited (0)");
        RackerProcess.Result logs = racker.run("logs", marker);
        assertThat(logs.exitCode()).as(logs.toString()).isZero();
        assertThat(logs.stdout()).as("the main command's own output").isEqualTo("from-the-main-command\n");
        RackerProcess.Result journal = racker.run("logs", "--journal", marker);
        assertThat(journal.stdout()).contains("from-the-main-command").contains("kept line");
        assertThat(racker.run("logs", "--journal", "--tail", "3", marker).stdout().lines().count()).isEqualTo(3);
        assertThat(HostLeaks.of(marker)).isEmpty();
        assertThat(racker.run("rm", marker).exitCode()).isZero();
        assertThat(racker.stateRoot().resolve("containers")).isEmptyDirectory();
    }

    @Test
    void aBootedContainerGivenACommandLivesAsLongAsItAndLogsWhatItWrote() throws Exception {
        startDetached("sh", "-c", "echo to-stdout; echo to-stderr >&2; sleep 1; exit 3");
        Process follow = racker.start("logs", "-f", marker);
        Process waiter = racker.start("wait", marker);
        assertThat(new String(waiter.getInputStream().readAllBytes())).as("its status is the container's").isEqualTo("3\n");
        assertThat(new String(follow.getInputStream().readAllBytes())).as("logs -f ends with the container")
                .isEqualTo("to-stdout\nto-stderr\n");
        assertThat(racker.run("ps", "-a").stdout()).contains("Exited (3)");
        assertThat(racker.run("logs", marker).stdout()).isEqualTo("to-stdout\nto-stderr\n");
        assertThat(racker.run("logs", "--tail", "1", marker).stdout()).isEqualTo("to-stderr\n");
        assertThat(HostLeaks.of(marker)).isEmpty();
        assertThat(racker.run("rm", marker).exitCode()).isZero();
    }

    @Test
    void aDetachedContainerBootsEveryUnitUnlessAskedAndStopsInOrder() {
        startDetached();
        RackerProcess.Result logind = racker.run("exec", marker, "systemctl", "show", "-p", "LoadState", "--value",
                "systemd-logind");
        assertThat(logind.stdout()).as(logind.toString()).isEqualTo("loaded\n");
        RackerProcess.Result stop = racker.run("--verbose", "stop", marker);
        assertThat(stop.exitCode()).as(stop.toString()).isZero();
        assertThat(racker.run("ps", "-a").stdout()).contains("Exited (0)");
        assertThat(racker.run("rm", marker).exitCode()).isZero();
    }

    @Test
    void aDetachedContainerWithTheTestProfileKeepsItsJournalOnTheHost() throws Exception {
        startDetached("--boot-profile", "test");
        RackerProcess.Result logind = racker.run("exec", marker, "systemctl", "show", "-p", "LoadState", "--value",
                "systemd-logind");
        assertThat(logind.stdout()).as(logind.toString()).isEqualTo("masked\n");
        assertThat(racker.run("exec", marker, "logger", "-t", "racker-test", "profiled line").exitCode()).isZero();
        assertThat(racker.run("stop", marker).exitCode()).isZero();
        RackerProcess.Result logs = racker.run("logs", marker);
        assertThat(logs.stdout()).as(logs.toString()).contains("profiled line");
        assertThat(racker.run("rm", marker).exitCode()).isZero();
    }

    @Test
    void survivesTheEndOfTheStartersWholeSessionBySigkillAndHangup() throws Exception {
        // a terminal session: racker run -d in a shell, then everything in that session dies
        java.util.List<String> run = racker.commandLine("run", "-d", "--name", marker, "--rootfs=" + bookworm);
        String quoted = String.join(" ", run.stream().map(a -> "'" + a + "'").toList());
        Process session = new ProcessBuilder("setsid", "sh", "-c", quoted + " >/dev/null && echo started && exec sleep 600")
                .redirectErrorStream(true).start();
        assertThat(new String(session.getInputStream().readNBytes(8))).isEqualTo("started\n");
        long sessionId = session.pid();
        new ProcessBuilder("kill", "-HUP", "--", "-" + sessionId).start().waitFor();
        new ProcessBuilder("kill", "-KILL", "--", "-" + sessionId).start().waitFor();
        assertThat(session.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        assertThat(racker.run("ps").stdout()).contains(marker).contains("Up ");
        assertThat(racker.run("exec", marker, "systemctl", "is-active", "systemd-journald").stdout()).isEqualTo("active\n");
        assertThat(racker.run("stop", marker).exitCode()).isZero();
        assertThat(racker.run("ps", "-a").stdout()).contains("Exited (0)");
        assertThat(racker.run("rm", marker).exitCode()).isZero();
    }
}

package org.racker.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.racker.testing.TestRootfs;

/**
 * {@code racker logs} as docker's: what a command wrote on a foreground run is kept while its
 * container is, stdout and stderr apart; -t, --since, --until and --tail over every kind of log.
 */
@Tag("integration")
class LogsIT extends IsolatedRackerTest {
    private static final String TIME = "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{9}Z ";
    static Path bookworm;
    static Path busybox;

    @BeforeAll
    static void roots() {
        bookworm = TestRootfs.bookworm();
        busybox = TestRootfs.busybox();
    }

    @Test
    void aForegroundRunOfABootedRootKeepsItsOutputStreamByStream() {
        foregroundRunKeepsItsOutput(bookworm);
    }

    @Test
    void aForegroundRunOfAnAppRootKeepsItsOutputStreamByStream() {
        foregroundRunKeepsItsOutput(busybox);
    }

    private void foregroundRunKeepsItsOutput(Path root) {
        RackerProcess.Result run = racker.run("run", "--name", marker, "--rootfs=" + root, "sh", "-c",
                "echo one; echo oops >&2; printf 'two\\001\\n'; printf 'no newline'; exit 3");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.stdout()).as("the run still prints as it goes").isEqualTo("one\ntwo\001\nno newline");
        assertThat(run.stderr()).isEqualTo("oops\n");

        RackerProcess.Result logs = racker.run("logs", marker);
        assertThat(logs.exitCode()).as(logs.toString()).isZero();
        assertThat(logs.stdout()).isEqualTo("one\ntwo\001\nno newline");
        assertThat(logs.stderr()).isEqualTo("oops\n");
        // the last two lines of both streams; which stream's line came first is the pipes' race
        RackerProcess.Result tail = racker.run("logs", "--tail", "2", marker);
        assertThat((tail.stdout() + "\n" + tail.stderr()).split("\n")).filteredOn(l -> !l.isEmpty()).hasSize(2)
                .isSubsetOf("one", "oops", "two\001", "no newline");
        assertThat(racker.run("logs", "--tail", "all", marker).stdout()).isEqualTo(logs.stdout());

        RackerProcess.Result stamped = racker.run("logs", "-t", marker);
        assertThat(stamped.stdout().split("(?<=\n)")).hasSize(3).allMatch(l -> l.matches(TIME + "[^\n]*\n?"));
        assertThat(stamped.stderr()).matches(TIME + "oops\n");

        assertThat(racker.run("logs", "--since", "1h", "--until", "2099-01-01T00:00:00Z", marker).stdout())
                .isEqualTo(logs.stdout());
        RackerProcess.Result future = racker.run("logs", "--since", "2099-01-01", marker);
        assertThat(future.exitCode()).isZero();
        assertThat(future.stdout() + future.stderr()).isEmpty();
        assertThat(racker.run("logs", "--until", "1h", marker).stdout()).isEmpty();

        assertThat(racker.run("rm", marker).exitCode()).isZero();
    }

    @Test
    void aRemovedRunKeepsNothing() throws Exception {
        RackerProcess.Result run = racker.run("run", "--rm", "--name", marker, "--rootfs=" + busybox, "echo", "gone");
        assertThat(run.stdout()).isEqualTo("gone\n");
        try (var left = Files.list(racker.stateRoot().resolve("containers"))) {
            assertThat(left).isEmpty();
        }
        RackerProcess.Result logs = racker.run("logs", marker);
        assertThat(logs.exitCode()).as("docker's status for a missing container").isEqualTo(1);
        assertThat(logs.stderr()).contains("No such container: " + marker);
    }

    @Test
    void logsFollowsAForegroundRunUntilItEnds() throws Exception {
        Process run = racker.start("run", "--name", marker, "--rootfs=" + busybox, "sh", "-c",
                "echo first; sleep 2; echo second");
        // the run's own output says it started; logs -f then follows what comes
        assertThat(new String(run.getInputStream().readNBytes(6))).isEqualTo("first\n");
        Process follow = racker.start("logs", "-f", marker);
        assertThat(new String(follow.getInputStream().readAllBytes())).isEqualTo("first\nsecond\n");
        assertThat(run.waitFor()).isZero();
        assertThat(racker.run("rm", marker).exitCode()).isZero();
    }

    @Test
    void aDetachedCommandsJournalLinesHaveTheirTimes() {
        RackerProcess.Result start = racker.run("run", "-d", "--name", marker, "--rootfs=" + bookworm, "sh", "-c",
                "echo early; sleep 2; echo late");
        assertThat(start.exitCode()).as(start.toString()).isZero();
        assertThat(racker.run("wait", marker).stdout()).isEqualTo("0\n");
        RackerProcess.Result stamped = racker.run("logs", "-t", marker);
        assertThat(stamped.stdout().lines()).hasSize(2).allMatch(l -> l.matches(TIME + "(early|late)"));
        String lateAt = stamped.stdout().lines().toList().get(1).substring(0, 30);
        assertThat(racker.run("logs", "--since", lateAt, marker).stdout()).isEqualTo("late\n");
        assertThat(racker.run("logs", "--until", lateAt, marker).stdout()).isEqualTo("early\nlate\n");
        assertThat(racker.run("rm", marker).exitCode()).isZero();
    }

    @Test
    void timesOfADetachedAppAreRefusedInOneLineAndBadBoundsToo() {
        RackerProcess.Result start = racker.run("run", "-d", "--name", marker, "--rootfs=" + busybox, "echo", "x");
        assertThat(start.exitCode()).as(start.toString()).isZero();
        racker.run("wait", marker);
        assertThat(racker.run("logs", marker).stdout()).isEqualTo("x\n");
        RackerProcess.Result stamped = racker.run("logs", "-t", marker);
        assertThat(stamped.exitCode()).isEqualTo(125);
        assertThat(stamped.stderr()).startsWith("racker: ").contains("no times").hasLineCount(1);
        RackerProcess.Result bad = racker.run("logs", "--since", "yesterday", marker);
        assertThat(bad.exitCode()).isEqualTo(125);
        assertThat(bad.stderr()).contains("invalid --since value \"yesterday\"").hasLineCount(1);
        assertThat(racker.run("rm", marker).exitCode()).isZero();
    }

    @Test
    void runDashDitKeepsABootedCommandOnATerminalThatStaysOpen() throws Exception {
        commandOnAnOpenTerminal(bookworm, "/dev/pts/");
    }

    @Test
    void runDashDitKeepsAnAppCommandOnATerminalThatStaysOpen() throws Exception {
        commandOnAnOpenTerminal(busybox, "/dev/pts/");
    }

    private void commandOnAnOpenTerminal(Path root, String terminal) throws Exception {
        RackerProcess.Result start = racker.run("run", "-dit", "--name", marker, "--rootfs=" + root, "sh", "-c",
                "tty; echo \"TERM=$TERM\"; read line; echo never");
        assertThat(start.exitCode()).as(start.toString()).isZero();
        String logs = "";
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!logs.contains("TERM=") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            logs = racker.run("logs", marker).stdout();
        }
        assertThat(logs).as("the command's terminal output").contains(terminal).contains("TERM=xterm")
                .doesNotContain("never");
        assertThat(racker.run("inspect", "-f", "{{.State.Running}} {{.Config.Tty}}", marker).stdout())
                .as("read waits on the open terminal").isEqualTo("true true\n");
        assertThat(racker.run("exec", marker, "true").exitCode()).isZero();
        RackerProcess.Result stamped = racker.run("logs", "-t", marker);
        assertThat(stamped.exitCode()).isEqualTo(125);
        assertThat(racker.run("rm", "-f", marker).exitCode()).isZero();
        RackerProcess.Result alone = racker.run("run", "-di", "--name", marker, "--rootfs=" + root, "cat");
        assertThat(alone.exitCode()).isEqualTo(125);
        assertThat(alone.stderr()).contains("-dit").hasLineCount(1);
    }
}

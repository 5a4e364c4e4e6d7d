package org.racker.cli.it;

import org.racker.testing.TestRootfs;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** run -d of roots without systemd: the command is the container, as with docker. */
@Tag("integration")
class DetachedAppIT extends IsolatedRackerTest {
    static Path busybox;

    @BeforeAll
    static void root() {
        busybox = TestRootfs.busybox();
    }

    String startDetached(String... command) {
        String[] args = new String[7 + command.length];
        System.arraycopy(new String[] {"run", "-d", "--name", marker, "-e", "FROM_RUN=yes", "--rootfs=" + busybox}, 0, args, 0, 7);
        System.arraycopy(command, 0, args, 7, command.length);
        RackerProcess.Result run = racker.run(args);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).matches("[0-9a-f]{64}\n");
        return run.stdout().strip();
    }

    @Test
    void execLogsAndStopOnAnAppContainer() {
        String startedId = startDetached("sh", "-c", "echo started; echo to-stderr >&2; exec sleep 600");
        assertThat(racker.run("ps").stdout()).contains(marker).contains("Up ");

        RackerProcess.Result env = racker.run("exec", "-e", "FROM_EXEC=1", marker, "sh", "-c", "echo $FROM_RUN $FROM_EXEC; pwd");
        assertThat(env.exitCode()).as(env.toString()).isZero();
        assertThat(env.stdout()).isEqualTo("yes 1\n/\n");
        assertThat(racker.run("exec", "-w", "/srv/made", marker, "pwd").stdout()).isEqualTo("/srv/made\n");
        assertThat(racker.run("exec", "-u", "1234:99", marker, "busybox", "id", "-u").stdout()).isEqualTo("1234\n");
        assertThat(racker.run("exec", marker, "sh", "-c", "exit 9").exitCode()).isEqualTo(9);
        assertThat(racker.run("exec", marker, "no-such-command").exitCode()).isEqualTo(127);
        assertThat(racker.run("exec", marker, "sh", "-c", "echo data > /tmp/plain").exitCode()).isZero();
        assertThat(racker.run("exec", marker, "/tmp/plain").exitCode()).isEqualTo(126);
        RackerProcess.Result stdin = racker.run("piped\n".getBytes(StandardCharsets.UTF_8), "exec", "-i", marker, "cat");
        assertThat(stdin.stdout()).isEqualTo("piped\n");
        RackerProcess.Result procs = racker.run("exec", marker, "busybox", "ps");
        assertThat(procs.stdout()).as("exec runs in the container's pid namespace").contains("sleep 600");

        // busybox only: no tar in the image, and none needed
        RackerProcess.Result cpIn = racker.run("cp", state.resolve("containers").toString(), marker + ":/tmp");
        assertThat(cpIn.exitCode()).as(cpIn.toString()).isZero();
        assertThat(racker.run("exec", marker, "ls", "/tmp/containers").stdout()).contains(startedId);
        assertThat(racker.run("exec", marker, "sh", "-c", "echo made-inside > /tmp/out.txt; chmod 640 /tmp/out.txt").exitCode())
                .isZero();
        // docker's SRC/.: what the directory holds
        assertThat(racker.run("cp", state.resolve("containers") + "/.", marker + ":/tmp/contents").exitCode()).isZero();
        assertThat(racker.run("exec", marker, "ls", "/tmp/contents").stdout()).contains(startedId);
        RackerProcess.Result cpOut = racker.run("cp", marker + ":/tmp/out.txt", state.toString());
        assertThat(cpOut.exitCode()).as(cpOut.toString()).isZero();
        assertThat(state.resolve("out.txt")).hasContent("made-inside");
        assertThat(racker.run("inspect", marker).stdout()).contains("\"Running\" : true").contains("FROM_RUN=yes");

        RackerProcess.Result logs = racker.run("logs", marker);
        assertThat(logs.exitCode()).as(logs.toString()).isZero();
        assertThat(logs.stdout()).isEqualTo("started\nto-stderr\n");
        assertThat(racker.run("logs", "--tail", "1", marker).stdout()).isEqualTo("to-stderr\n");

        assertThat(racker.run("stop", marker).exitCode()).isZero();
        // as docker: the command died of stop's SIGTERM
        assertThat(racker.run("ps", "-a").stdout()).contains("Exited (143)");
        assertThat(racker.run("exec", marker, "true").exitCode()).isEqualTo(125);
        assertThat(racker.run("logs", marker).stdout()).as("the output outlives the container").isEqualTo("started\nto-stderr\n");
        assertThat(racker.run("rm", marker).exitCode()).isZero();
        assertThat(HostLeaks.of(marker)).isEmpty();
    }

    @Test
    void aCommandThatEndsByItselfLeavesItsExitCode() throws Exception {
        startDetached("sh", "-c", "echo line; sleep 1; echo done; exit 4");
        Process follow = racker.start("logs", "-f", marker);
        Process waiter = racker.start("wait", marker);
        assertThat(new String(waiter.getInputStream().readAllBytes())).isEqualTo("4\n");
        assertThat(waiter.waitFor()).isZero();
        assertThat(new String(follow.getInputStream().readAllBytes())).as("logs -f ends with the container")
                .isEqualTo("line\ndone\n");
        assertThat(follow.waitFor()).isZero();
        assertThat(racker.run("ps", "-a").stdout()).contains("Exited (4)");
        assertThat(racker.run("inspect", marker).stdout()).contains("\"ExitCode\" : 4");
        assertThat(racker.run("rm", marker).exitCode()).isZero();
        assertThat(HostLeaks.of(marker)).isEmpty();
    }

    @Test
    void killRmDashFAndRunRmTakeEverythingAway() throws Exception {
        startDetached("sleep", "600");
        assertThat(racker.run("kill", marker).exitCode()).isZero();
        assertThat(racker.run("ps", "-a").stdout()).contains("Exited (137)");
        assertThat(HostLeaks.of(marker)).isEmpty();
        assertThat(racker.run("rm", marker).exitCode()).isZero();
        startDetached("sleep", "600");
        assertThat(racker.run("rm", "-f", marker).exitCode()).isZero();
        assertThat(HostLeaks.of(marker)).isEmpty();
        RackerProcess.Result run = racker.run("run", "-d", "--rm", "--name", marker, "--rootfs=" + busybox, "true");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (racker.run("ps", "-a").stdout().contains(marker) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(racker.run("ps", "-a").stdout()).doesNotContain(marker);
        assertThat(HostLeaks.of(marker)).isEmpty();
    }

    @Test
    void execDashTGivesATerminalOfTheContainersOwn() throws Exception {
        startDetached("sleep", "600");
        // script(1) gives racker a terminal; its size must reach the container's terminal
        String exec = String.join(" ", racker.commandLine("exec", "-it", marker, "sh", "-c",
                "'busybox stty size; tty; echo TERM=$TERM; exit 4'"));
        Process p = new ProcessBuilder("script", "-qec", "stty rows 40 cols 100; " + exec + "; echo rc=$?; stty -a",
                "/dev/null").redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("40 100").contains("TERM=xterm").contains("rc=4")
                // a pty of the container's devpts, which tty(1) inside can name
                .containsPattern("(?m)^\\W*/dev/pts/\\d+\\r?$")
                // the user's terminal is back from raw mode
                .contains(" icanon ").contains(" echo ");
        assertThat(racker.run("rm", "-f", marker).exitCode()).isZero();
    }

    @Test
    void stopGivesTheCommandsOwnExitStatusWhenItHandlesSigterm() {
        startDetached("sh", "-c", "trap 'echo stopping; exit 3' TERM; while :; do sleep 0.1; done");
        long t0 = System.nanoTime();
        assertThat(racker.run("stop", marker).exitCode()).isZero();
        assertThat((System.nanoTime() - t0) / 1_000_000).as("no wait for the stop timeout").isLessThan(8_000);
        assertThat(racker.run("ps", "-a").stdout()).contains("Exited (3)");
        assertThat(racker.run("logs", marker).stdout()).contains("stopping");
        assertThat(racker.run("rm", marker).exitCode()).isZero();
    }

    @Test
    void killDashSSignalsTheCommandAndStopDashSStopsWithTheSignalGiven() throws Exception {
        startDetached("sh", "-c", "trap 'echo got-usr1' USR1; trap 'echo hung-up; exit 5' HUP; "
                + "echo ready; while :; do sleep 0.1; done");
        awaitLog("ready");
        RackerProcess.Result detached = racker.run("exec", "-d", marker, "sh", "-c", "sleep 1; echo done > /tmp/flag");
        assertThat(detached.exitCode()).as(detached.toString()).isZero();
        assertThat(detached.stdout()).isEmpty();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!racker.run("exec", marker, "cat", "/tmp/flag").stdout().equals("done\n") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(racker.run("exec", marker, "cat", "/tmp/flag").stdout()).as("exec -d ran on").isEqualTo("done\n");
        assertThat(racker.run("kill", "-s", "USR1", marker).stdout()).isEqualTo(marker + "\n");
        awaitLog("got-usr1");
        assertThat(racker.run("ps").stdout()).as("USR1 is handled: the command goes on").contains(marker);

        RackerProcess.Result bad = racker.run("kill", "--signal", "NOPE", marker);
        assertThat(bad.exitCode()).isEqualTo(125);
        assertThat(bad.stderr()).startsWith("racker: invalid signal \"NOPE\": use a name such as TERM")
                .hasLineCount(1);
        assertThat(racker.run("ps").stdout()).as("a bad signal leaves the container be").contains(marker);

        assertThat(racker.run("stop", "-s", "SIGHUP", marker).exitCode()).isZero();
        assertThat(racker.run("ps", "-a").stdout()).contains("Exited (5)");
        assertThat(racker.run("logs", marker).stdout()).contains("hung-up");
        RackerProcess.Result notRunning = racker.run("kill", "-s", "HUP", marker);
        assertThat(notRunning.exitCode()).isEqualTo(125);
        assertThat(notRunning.stderr()).contains("is not running");
        assertThat(racker.run("rm", marker).exitCode()).isZero();
        assertThat(HostLeaks.of(marker)).isEmpty();
    }

    @Test
    void containerPruneRemovesTheExitedOnesAfterAskingAndContainerLsLists() {
        startDetached("sleep", "600");
        assertThat(racker.run("run", "--name", marker + "-a", "--rootfs=" + busybox, "true").exitCode()).isZero();
        assertThat(racker.run("run", "--name", marker + "-b", "--rootfs=" + busybox, "sh", "-c", "exit 3").exitCode())
                .isEqualTo(3);
        String idA = racker.run("inspect", "-f", "{{.Id}}", marker + "-a").stdout().strip();
        String idB = racker.run("container", "inspect", "-f", "{{.Id}}", marker + "-b").stdout().strip();

        RackerProcess.Result declined = racker.run("n\n".getBytes(StandardCharsets.UTF_8), "container", "prune");
        assertThat(declined.exitCode()).isZero();
        assertThat(declined.stdout()).startsWith("WARNING! This will remove all stopped containers.");
        assertThat(racker.run("container", "ls", "-a").stdout()).contains(marker + "-a", marker + "-b");

        RackerProcess.Result pruned = racker.run("container", "prune", "--force");
        assertThat(pruned.exitCode()).as(pruned.toString()).isZero();
        assertThat(pruned.stdout()).startsWith("Deleted Containers:\n").contains(idA + "\n", idB + "\n")
                .containsPattern("\n\nTotal reclaimed space: [0-9.]+k?B\n$");
        String left = racker.run("container", "list", "-a").stdout();
        assertThat(left).contains(marker).doesNotContain(marker + "-a", marker + "-b");
        assertThat(racker.run("container", "prune", "-f").stdout()).isEqualTo("Total reclaimed space: 0B\n");
        assertThat(racker.run("container", "rm", "-f", marker).exitCode()).isZero();
        assertThat(HostLeaks.of(marker)).isEmpty();
    }

    private void awaitLog(String text) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!racker.run("logs", marker).stdout().contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(racker.run("logs", marker).stdout()).contains(text);
    }
}

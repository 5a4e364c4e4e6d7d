package org.racker.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.racker.testing.TestRootfs;

/**
 * docker's create, start and restart: a created container is kept without a process until a
 * start boots it, detached; a stopped one starts again as a new boot of the same
 * configuration under the same id and name, its logs going on.
 */
@Tag("integration")
class CreateStartIT extends IsolatedRackerTest {
    static Path bookworm;

    @BeforeAll
    static void rootfs() {
        bookworm = TestRootfs.bookworm();
    }

    @Test
    void createdThenStartedStoppedStartedAgainAndRestarted() {
        RackerProcess.Result created = racker.run("create", "--name", marker, "-e", "FROM_CREATE=yes",
                "--hostname", "kept", "--rootfs", bookworm.toString());
        assertThat(created.exitCode()).as(created.toString()).isZero();
        String id = created.stdout().strip();
        assertThat(id).matches("[0-9a-f]{64}");
        assertThat(racker.run("ps", "-q").stdout()).as("not running: only ps -a lists it").isEmpty();
        assertThat(racker.run("ps", "-a", "--format", "{{.Names}} {{.Status}}").stdout()).isEqualTo(marker + " Created\n");
        assertThat(racker.run("inspect", "-f", "{{.State.Status}} {{.State.StartedAt}}", marker).stdout())
                .isEqualTo("created 0001-01-01T00:00:00Z\n");
        assertThat(HostLeaks.of(marker)).as("a created container has no process").isEmpty();

        RackerProcess.Result started = racker.run("start", marker);
        assertThat(started.exitCode()).as(started.toString()).isZero();
        assertThat(started.stdout()).isEqualTo(marker + "\n");
        assertThat(racker.run("exec", marker, "sh", "-c", "echo $FROM_CREATE; hostname").stdout()).isEqualTo("yes\nkept\n");
        java.time.Instant firstStart = java.time.Instant.parse(
                racker.run("inspect", "-f", "{{.State.StartedAt}}", marker).stdout().strip());
        assertThat(racker.run("start", marker).exitCode()).as("a running container: nothing to do").isZero();

        assertThat(racker.run("exec", marker, "touch", "/etc/from-first-boot").exitCode()).isZero();
        assertThat(racker.run("stop", marker).exitCode()).isZero();
        assertThat(racker.run("ps", "-a", "--format", "{{.Status}}").stdout()).startsWith("Exited (");
        assertThat(racker.run("start", marker).exitCode()).isZero();
        assertThat(racker.run("ps", "-q", "--no-trunc").stdout()).isEqualTo(id + "\n");
        assertThat(racker.run("exec", marker, "test", "-e", "/etc/from-first-boot").exitCode())
                .as("every boot starts from the image, as every racker container does").isEqualTo(1);

        RackerProcess.Result restarted = racker.run("restart", "-t", "5", marker);
        assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
        assertThat(racker.run("exec", marker, "printenv", "FROM_CREATE").stdout()).isEqualTo("yes\n");
        assertThat(java.time.Instant.parse(racker.run("inspect", "-f", "{{.State.StartedAt}}", marker).stdout().strip()))
                .as("the start time is the last start's").isAfter(firstStart);
        assertThat(racker.run("rm", "-f", marker).exitCode()).isZero();
    }

    @Test
    void aCommandRunsAtEveryStartAndItsLogGoesOn() {
        assertThat(racker.run("create", "--name", marker, "--rootfs", bookworm.toString(), "sh", "-c",
                "echo ran; exit 3").exitCode()).isZero();
        for (int run = 1; run <= 2; run++) {
            assertThat(racker.run("start", marker).exitCode()).isZero();
            RackerProcess.Result waited = racker.run("wait", marker);
            assertThat(waited.stdout()).isEqualTo("3\n");
            assertThat(racker.run("logs", marker).stdout()).isEqualTo("ran\n".repeat(run));
        }
        assertThat(racker.run("rm", marker).exitCode()).isZero();
    }

    @Test
    void createRefusesWhatRunRefusesAndLeavesNothing() {
        RackerProcess.Result missing = racker.run("create", "--name", marker, "--rootfs", bookworm.toString(),
                "no-such-command");
        assertThat(missing.exitCode()).isEqualTo(127);
        assertThat(missing.stderr()).hasLineCount(1);
        RackerProcess.Result terminal = racker.run("create", "-t", "--name", marker, "--rootfs", bookworm.toString());
        assertThat(terminal.exitCode()).isEqualTo(125);
        assertThat(terminal.stderr()).startsWith("racker: racker start does not attach a terminal").hasLineCount(1);
        assertThat(racker.run("ps", "-aq").stdout()).isEmpty();

        assertThat(racker.run("create", "--name", marker, "--rootfs", bookworm.toString()).exitCode()).isZero();
        RackerProcess.Result taken = racker.run("create", "--name", marker, "--rootfs", bookworm.toString());
        assertThat(taken.exitCode()).isEqualTo(125);
        assertThat(taken.stderr()).contains(marker).hasLineCount(1);
        RackerProcess.Result unknown = racker.run("start", marker + "-missing");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).isEqualTo("racker: No such container: " + marker + "-missing\n");
        assertThat(racker.run("rm", marker).exitCode()).as("a created container goes without -f").isZero();
        assertThat(racker.run("ps", "-aq").stdout()).isEmpty();
    }

    @Test
    void startDashARunsInTheForegroundWithTheCommandsStatusAndDashIGivesItInput() {
        assertThat(racker.run("create", "-i", "--name", marker, "--rootfs", bookworm.toString(), "sh", "-c",
                "echo out; echo err >&2; cat; exit 5").exitCode()).isZero();
        RackerProcess.Result attached = racker.run("piped\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "start", "-a", marker);
        assertThat(attached.exitCode()).as(attached.toString()).isEqualTo(5);
        assertThat(attached.stdout()).as("no input without -i").isEqualTo("out\n");
        assertThat(attached.stderr()).isEqualTo("err\n");
        RackerProcess.Result interactive = racker.run("piped\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "start", "-ai", marker);
        assertThat(interactive.exitCode()).as(interactive.toString()).isEqualTo(5);
        assertThat(interactive.stdout()).isEqualTo("out\npiped\n");
        assertThat(racker.run("ps", "-a", "--format", "{{.Status}}", "-f", "name=" + marker).stdout())
                .startsWith("Exited (5)");
        assertThat(racker.run("logs", marker).stdout()).as("both runs' output kept").isEqualTo("out\nout\npiped\n");
        RackerProcess.Result two = racker.run("start", "-a", marker, marker);
        assertThat(two.exitCode()).isEqualTo(125);
        assertThat(two.stderr()).hasLineCount(1);
        assertThat(racker.run("rm", marker).exitCode()).isZero();
    }

    @Test
    void readOnlyKeepsTheRootFromWritesButNotVolumesOrTmpfs(@org.junit.jupiter.api.io.TempDir Path volume) {
        RackerProcess.Result denied = racker.run("run", "--rm", "--read-only", "--rootfs", bookworm.toString(),
                "touch", "/etc/racker-written");
        assertThat(denied.exitCode()).isEqualTo(1);
        assertThat(denied.stderr()).contains("Read-only file system");
        RackerProcess.Result allowed = racker.run("run", "--rm", "--read-only", "--tmpfs", "/scratch", "-v",
                volume + ":/data", "--rootfs", bookworm.toString(), "sh", "-c",
                "touch /scratch/x && echo kept > /data/f && echo ok");
        assertThat(allowed.stdout()).as(allowed.toString()).isEqualTo("ok\n");
        assertThat(volume.resolve("f")).hasContent("kept");
        assertThat(bookworm.resolve("etc/racker-written")).doesNotExist();
        assertThat(racker.run("create", "--read-only", "--name", marker, "--rootfs", bookworm.toString(), "sh", "-c",
                "touch /x").exitCode()).isZero();
        assertThat(racker.run("start", "-a", marker).exitCode()).as("kept with the configuration").isEqualTo(1);
        assertThat(racker.run("rm", marker).exitCode()).isZero();
    }

    @Test
    void seccompUnconfinedTurnsNspawnsFilterOffAndIsKeptForStart() {
        String status = "grep ^Seccomp: /proc/self/status";
        RackerProcess.Result filtered = racker.run("run", "--rm", "--rootfs", bookworm.toString(), "sh", "-c", status);
        assertThat(filtered.stdout()).as(filtered.toString()).isEqualTo("Seccomp:\t2\n");
        RackerProcess.Result unconfined = racker.run("run", "--rm", "--security-opt", "seccomp=unconfined", "--rootfs",
                bookworm.toString(), "sh", "-c", status);
        assertThat(unconfined.stdout()).as(unconfined.toString()).isEqualTo("Seccomp:\t0\n");
        assertThat(racker.run("run", "--rm", "--security-opt", "seccomp=unconfined", "--mode", "app", "--rootfs",
                bookworm.toString(), "sh", "-c", status).stdout()).as("an app container too").isEqualTo("Seccomp:\t0\n");

        assertThat(racker.run("create", "--security-opt", "seccomp=unconfined", "--name", marker, "--rootfs",
                bookworm.toString()).exitCode()).isZero();
        assertThat(racker.run("start", marker).exitCode()).isZero();
        assertThat(racker.run("exec", marker, "sh", "-c", status).stdout()).as("kept with the configuration")
                .isEqualTo("Seccomp:\t0\n");
        assertThat(racker.run("rm", "-f", marker).exitCode()).isZero();

        RackerProcess.Result refused = racker.run("run", "--rm", "--security-opt", "label=disable", "--rootfs",
                bookworm.toString(), "true");
        assertThat(refused.exitCode()).isEqualTo(125);
        assertThat(refused.stderr()).isEqualTo("racker: unsupported --security-opt \"label=disable\": racker takes"
                + " seccomp=unconfined (nspawn's system call filter off)\n");
    }
}

package org.racker.cli.it;

import org.racker.testing.TestRootfs;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Roots without an init run the command directly, as docker runs application images: a
 * busybox-only root (no systemd, no /usr/bin/env) and the Debian root forced with --mode app.
 */
@Tag("integration")
class AppModeIT extends IsolatedRackerTest {
    static Path busybox;
    static Path bookworm;


    @BeforeAll
    static void roots() {
        busybox = TestRootfs.busybox();
        bookworm = TestRootfs.bookworm();
    }

    RackerProcess.Result busybox(String... command) {
        String[] args = new String[5 + command.length];
        System.arraycopy(new String[] {"run", "--rm", "--name", marker, "--rootfs=" + busybox}, 0, args, 0, 5);
        System.arraycopy(command, 0, args, 5, command.length);
        return racker.run(args);
    }

    @Test
    void runsTheCommandWithoutBooting() {
        RackerProcess.Result r = busybox("sh", "-c", "echo out; echo err >&2; exit 6");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(6);
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).as("nspawn's own noise is filtered").isEqualTo("err\n");
    }

    @Test
    void missingCommandExits127AndDirectoryExits126() {
        RackerProcess.Result missing = busybox("no-such-command");
        assertThat(missing.exitCode()).isEqualTo(127);
        assertThat(missing.stderr()).contains("no-such-command");
        assertThat(busybox("/tmp").exitCode()).isEqualTo(126);
    }

    @Test
    void stdinAndEnvironmentAndWorkdir() {
        RackerProcess.Result r = racker.run("piped".getBytes(StandardCharsets.UTF_8), "run", "-i", "--rm", "--name", marker,
                "-e", "FOO=bar", "-w", "/tmp/work", "--rootfs", busybox.toString(), "sh", "-c", "cat; echo; echo $FOO; pwd");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo("piped\nbar\n/tmp/work\n");
    }

    @Test
    void nonShellVariableNameNeedsEnvInTheImage() {
        RackerProcess.Result r = busybox2("-e", "we.ird=1", "true");
        assertThat(r.exitCode()).isEqualTo(125);
        assertThat(r.stderr()).contains("we.ird").contains("/usr/bin/env");
        RackerProcess.Result debian = racker.run("run", "--rm", "--name", marker, "--mode", "app", "-e", "we.ird=1",
                "--rootfs", bookworm.toString(), "printenv", "we.ird");
        assertThat(debian.exitCode()).as(debian.toString()).isZero();
        assertThat(debian.stdout()).isEqualTo("1\n");
    }

    RackerProcess.Result busybox2(String option, String value, String... command) {
        String[] args = new String[7 + command.length];
        System.arraycopy(new String[] {"run", "--rm", "--name", marker, option, value, "--rootfs=" + busybox}, 0, args, 0, 7);
        System.arraycopy(command, 0, args, 7, command.length);
        return racker.run(args);
    }

    @Test
    void bootModeOnARootWithoutSystemdIsRefused() {
        RackerProcess.Result r = busybox2("--mode", "boot", "true");
        assertThat(r.exitCode()).isEqualTo(125);
        assertThat(r.stderr()).contains("no systemd");
    }

    @Test
    void forcedAppModeOnDebianDoesNotBoot() {
        RackerProcess.Result r = racker.run("run", "--rm", "--name", marker, "--mode", "app",
                "--rootfs", bookworm.toString(), "sh", "-c", "cat /proc/1/comm; hostname");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).doesNotStartWith("systemd\n");
    }

    @Test
    void ttyGivesTheCommandATerminal() throws Exception {
        String line = String.join(" ", racker.commandLine("run", "-t", "--rm", "--name", marker,
                "--rootfs", busybox.toString(), "tty"));
        Process p = new ProcessBuilder("script", "-qec", line, "/dev/null").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("/dev/");
    }

    @Test
    void tmpfsCidfileAndInitAsDockersAre(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path cid = dir.resolve("cid");
        RackerProcess.Result r = racker.run("run", "--name", marker, "--cidfile", cid.toString(), "--init",
                "--tmpfs", "/scratch:size=1m", "--rootfs=" + busybox, "sh", "-c",
                "echo data > /scratch/file && cat /scratch/file && grep ' /scratch ' /proc/mounts");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).startsWith("data\ntmpfs /scratch tmpfs ").contains("size=1024k");
        String id = racker.run("inspect", "-f", "{{.Id}}", marker).stdout().strip();
        assertThat(cid).hasContent(id);

        RackerProcess.Result again = racker.run("run", "--rm", "--cidfile", cid.toString(), "--rootfs=" + busybox, "true");
        assertThat(again.exitCode()).isEqualTo(125);
        assertThat(again.stderr()).isEqualTo("racker: container ID file found, make sure the other container isn't"
                + " running or delete " + cid + "\n");
        assertThat(racker.run("rm", marker).exitCode()).isZero();
        assertThat(racker.run("ps", "-aq").stdout()).as("the refused run left no container").isEmpty();

        // a run refused before it starts writes no id file
        Path failed = dir.resolve("failed-cid");
        RackerProcess.Result bad = racker.run("run", "--rm", "--cidfile", failed.toString(), "--tmpfs", "/no space",
                "--rootfs=" + busybox, "true");
        assertThat(bad.exitCode()).isEqualTo(125);
        assertThat(bad.stderr()).startsWith("racker: invalid --tmpfs \"/no space\"").hasLineCount(1);
        assertThat(failed).doesNotExist();
        assertThat(HostLeaks.of(marker)).isEmpty();
    }
}

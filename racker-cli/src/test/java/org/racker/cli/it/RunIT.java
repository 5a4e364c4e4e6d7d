package org.racker.cli.it;

import org.racker.testing.TestRootfs;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code racker run} in boot mode on a real Debian bookworm root, through the real launcher. */
@Tag("integration")
class RunIT extends IsolatedRackerTest {
    static Path bookworm;


    @BeforeAll
    static void rootfs() {
        bookworm = TestRootfs.bookworm();
    }

    RackerProcess.Result run(String... command) {
        return run(null, command);
    }

    RackerProcess.Result run(byte[] stdin, String... command) {
        List<String> args = new ArrayList<>(List.of("run", "--rm", "--name", marker, "--rootfs", bookworm.toString()));
        args.addAll(List.of(command));
        return racker.run(stdin, args.toArray(String[]::new));
    }

    @Test
    void printsOsReleaseAndExitsZero() {
        RackerProcess.Result r = run("cat", "/etc/os-release");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("VERSION_CODENAME=bookworm");
        assertThat(r.stderr()).as("no nspawn or racker noise on success").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 42})
    void commandExitStatusPassesThrough(int status) {
        RackerProcess.Result r = run("sh", "-c", "exit " + status);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(status);
    }

    @Test
    void missingCommandExits127() {
        RackerProcess.Result r = run("no-such-command");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(127);
        assertThat(r.stderr()).contains("no-such-command");
    }

    @Test
    void directoryAsCommandExits126() {
        RackerProcess.Result r = run("/tmp");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(126);
    }

    @Test
    void missingRootfsExits125WithOneLine() {
        RackerProcess.Result r = racker.run("run", "--rm", "--rootfs", "/nonexistent/root", "true");
        assertThat(r.exitCode()).isEqualTo(125);
        assertThat(r.stderr().lines().toList()).hasSize(1).first().asString().contains("/nonexistent/root");
    }

    @Test
    void unknownFlagExits125() {
        RackerProcess.Result r = racker.run("run", "--no-such-flag", "--rootfs", bookworm.toString(), "true");
        assertThat(r.exitCode()).isEqualTo(125);
        assertThat(r.stderr()).contains("--no-such-flag");
    }

    @Test
    void stdinIsForwardedWithInteractiveAndClosedAtEof() {
        RackerProcess.Result r = racker.run("hello\nworld\n".getBytes(StandardCharsets.UTF_8),
                "run", "-i", "--rm", "--name", marker, "--rootfs", bookworm.toString(), "cat");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo("hello\nworld\n");
    }

    @Test
    void stdinIsEmptyWithoutInteractive() {
        RackerProcess.Result r = run("input that must not arrive".getBytes(StandardCharsets.UTF_8), "cat");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void stdoutAndStderrStaySeparate() {
        RackerProcess.Result r = run("sh", "-c", "echo to-out; echo to-err >&2; echo more-out");
        assertThat(r.stdout()).isEqualTo("to-out\nmore-out\n");
        assertThat(r.stderr()).isEqualTo("to-err\n");
    }

    @Test
    void binaryOutputIsByteExact(@TempDir Path data) throws IOException {
        byte[] bytes = new byte[256 * 1024];
        new Random(7).nextBytes(bytes);
        Files.write(data.resolve("blob"), bytes);
        RackerProcess.Result r = run2("-v", data + ":/data:ro", "cat", "/data/blob");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdoutBytes()).isEqualTo(bytes);
    }

    /** A run with extra options before the command. */
    RackerProcess.Result run2(String... optionsAndCommand) {
        List<String> args = new ArrayList<>(List.of("run", "--rm", "--name", marker, "--rootfs", bookworm.toString()));
        args.addAll(List.of(optionsAndCommand));
        return racker.run(args.toArray(String[]::new));
    }

    @Test
    void environmentTakesAnyDockerNameAndHostValues() {
        RackerProcess.Result r = run2("-e", "FOO=bar", "-e", "we.ird-na_me=x y", "-e", "PATH_FROM_HOST_UNSET",
                "-e", "HOME", "sh", "-c", "echo $FOO; printenv we.ird-na_me; env | grep -c PATH_FROM_HOST_UNSET; echo $HOME");
        assertThat(r.stdout()).as(r.toString()).startsWith("bar\n");
        // dash drops names that are not shell names from its own environment; printenv runs
        // under sh, so ask env directly as well
        RackerProcess.Result direct = run2("-e", "we.ird-na_me=x y", "printenv", "we.ird-na_me");
        assertThat(direct.stdout()).as(direct.toString()).isEqualTo("x y\n");
        assertThat(r.stdout()).contains("\n0\n").endsWith(System.getenv("HOME") + "\n");
    }

    @Test
    void workdirIsUsedAndCreatedWhenMissing() {
        assertThat(run2("-w", "/etc", "pwd").stdout()).isEqualTo("/etc\n");
        RackerProcess.Result r = run2("-w", "/srv/new dir/deeper", "pwd");
        assertThat(r.stdout()).as(r.toString()).isEqualTo("/srv/new dir/deeper\n");
    }

    @Test
    void volumesAreMountedAndReadOnlyMeansReadOnly(@TempDir Path data) throws IOException {
        Files.writeString(data.resolve("in.txt"), "from host");
        RackerProcess.Result rw = run2("-v", data + ":/data", "sh", "-c", "cat /data/in.txt; echo written > /data/out.txt");
        assertThat(rw.stdout()).isEqualTo("from host");
        assertThat(data.resolve("out.txt")).hasContent("written");
        RackerProcess.Result ro = run2("-v", data + ":/data:ro", "sh", "-c", "echo x > /data/ro.txt");
        assertThat(ro.exitCode()).isNotZero();
        assertThat(ro.stderr()).contains("Read-only file system");
        assertThat(data.resolve("ro.txt")).doesNotExist();
    }

    @Test
    void missingVolumeHostPathIsAClearError() {
        RackerProcess.Result r = run2("-v", "/no/such/dir:/data", "true");
        assertThat(r.exitCode()).isEqualTo(125);
        assertThat(r.stderr()).contains("/no/such/dir");
    }

    @Test
    void hostnameIsSet() {
        assertThat(run2("--hostname", "probe", "hostname").stdout()).isEqualTo("probe\n");
        assertThat(run("hostname").stdout()).matches("[0-9a-f]{12}\n");
    }

    @Test
    void rootDirectoryIsNeverWrittenTo() throws IOException {
        String motd = Files.readString(bookworm.resolve("etc/motd"));
        RackerProcess.Result r = run("sh", "-c", "touch /racker-was-here && echo changed > /etc/motd && cat /etc/motd");
        assertThat(r.stdout()).isEqualTo("changed\n");
        assertThat(bookworm.resolve("racker-was-here")).doesNotExist();
        assertThat(Files.readString(bookworm.resolve("etc/motd"))).isEqualTo(motd);
    }

    @Test
    void ttyGivesARealTerminal() throws Exception {
        // script(1) gives racker a pseudo-terminal, as an interactive shell would
        String line = String.join(" ", racker.commandLine("run", "-t", "--rm", "--name", marker, "--rootfs",
                bookworm.toString(), "sh", "-c", "tty; echo TERM=$TERM"));
        Process p = new ProcessBuilder("script", "-qec", line, "/dev/null").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("/dev/pts/").contains("TERM=xterm");
    }

    @Test
    void interactiveTtyRunsAShell() throws Exception {
        String line = String.join(" ", racker.commandLine("run", "-it", "--rm", "--name", marker, "--rootfs",
                bookworm.toString(), "bash", "--norc"));
        Process p = new ProcessBuilder("script", "-qec", line, "/dev/null").redirectErrorStream(true).start();
        StringBuffer screen = new StringBuffer();
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[4096];
            try (var out = p.getInputStream()) {
                int n;
                while ((n = out.read(buffer)) > 0) {
                    screen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // process gone
            }
        });
        reader.start();
        try (var in = p.getOutputStream()) {
            // type only once the shell shows its prompt, as a person would
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!screen.toString().contains("# ") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(screen.toString()).as("prompt").contains("# ");
            in.write("echo $((6*7)); exit 5\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(screen.toString()).isTrue();
        } finally {
            p.destroyForcibly();
        }
        reader.join(5000);
        assertThat(screen.toString()).contains("42");
        assertThat(p.exitValue()).as(screen.toString()).isEqualTo(5);
    }

    @Test
    void eightContainersOfTheSameRootRunAtOnce() {
        List<CompletableFuture<RackerProcess.Result>> runs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String name = marker + "-" + i;
            runs.add(CompletableFuture.supplyAsync(() -> racker.run("run", "--rm", "--name", name,
                    "--rootfs", bookworm.toString(), "sh", "-c", "hostname; systemctl is-active systemd-journald")));
        }
        List<RackerProcess.Result> results = runs.stream().map(CompletableFuture::join).toList();
        for (RackerProcess.Result r : results) {
            assertThat(r.exitCode()).as(r.toString()).isZero();
        }
        Set<String> hostnames = results.stream().map(r -> r.stdout().lines().findFirst().orElse(""))
                .collect(Collectors.toSet());
        assertThat(hostnames).hasSize(8);
    }

    @Test
    void nameClashIsAnErrorWhileTheFirstRuns() throws Exception {
        Process first = racker.start("run", "--rm", "--name", marker, "--rootfs", bookworm.toString(), "sleep", "30");
        try {
            awaitRunning(marker);
            RackerProcess.Result second = run("true");
            assertThat(second.exitCode()).isEqualTo(125);
            assertThat(second.stderr()).contains("already in use");
            RackerProcess.Result ps = racker.run("ps");
            assertThat(ps.stdout()).contains(marker).contains("Up ").contains("sleep 30");
        } finally {
            first.destroy();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM", "HUP", "KILL"})
    void signalToRackerLeavesNothingBehind(String signal) throws Exception {
        Process p = racker.start("run", "--rm", "--name", marker, "--rootfs", bookworm.toString(), "sleep", "60");
        awaitRunning(marker);
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        if (signal.equals("KILL")) {
            // racker had no chance to clean up; its parent-death signal stops nspawn, and the
            // next racker invocation removes the rest
            awaitGone(marker);
            RackerProcess.Result ps = racker.run("ps", "-a");
            assertThat(ps.exitCode()).isZero();
            assertThat(ps.stdout()).doesNotContain(marker);
            assertThat(Files.list(state.resolve("containers")).count()).isZero();
        } else {
            assertThat(p.exitValue()).isEqualTo(128 + switch (signal) {
                case "INT" -> 2;
                case "HUP" -> 1;
                default -> 15;
            });
        }
    }

    @Test
    void bootTimeoutStopsTheContainerAndExits125(@TempDir Path units) throws IOException {
        // a unit that holds the boot up, in a unit directory systemd reads, bound in read-only
        Files.writeString(units.resolve("slow-boot.service"), "[Unit]\nDescription=holds the boot up\n"
                + "[Service]\nType=oneshot\nExecStart=/bin/sleep 60\n");
        Files.createDirectories(units.resolve("multi-user.target.wants"));
        Files.createSymbolicLink(units.resolve("multi-user.target.wants/slow-boot.service"), Path.of("../slow-boot.service"));
        RackerProcess.Result r = run2("--boot-timeout", "2", "-v", units + ":/usr/local/lib/systemd/system:ro", "true");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(125);
        assertThat(r.stderr()).contains("did not finish booting within 2 s");
        assertThat(r.took().toSeconds()).isLessThan(20);
    }

    @Test
    void bootFailureExits125WithTheReason() {
        RackerProcess.Result r = run2("-v", "/bin/false:/usr/lib/systemd/systemd:ro", "true");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(125);
        assertThat(r.stderr()).contains("failed to boot");
    }

    @Test
    void exitedContainerIsListedUntilRemoved() {
        RackerProcess.Result r = racker.run("run", "--name", marker, "--rootfs", bookworm.toString(), "sh", "-c", "exit 4");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(racker.run("ps").stdout()).doesNotContain(marker);
        assertThat(racker.run("ps", "-a").stdout()).contains(marker).contains("Exited (4)");
        assertThat(racker.run("rm", marker).exitCode()).isZero();
        assertThat(racker.run("ps", "-a").stdout()).doesNotContain(marker);
        assertThat(racker.run("rm", marker).exitCode()).isEqualTo(1);
    }

    @Test
    void aThrowAwayRunSkipsTheTestProfilesUnitsAndSaysSoWhenVerbose() {
        RackerProcess.Result r = racker.run("--verbose", "run", "--rm", "--name", marker, "--rootfs",
                bookworm.toString(), "systemctl", "show", "-p", "LoadState", "--value", "systemd-logind", "getty.target",
                "dbus.service");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout().lines().filter(l -> !l.isEmpty())).containsExactly("masked", "masked", "loaded");
        assertThat(r.stderr()).contains("masked for this boot (boot profile): ").contains("systemd-logind.service");
    }

    @Test
    void noBootProfileAndAKeptContainerBootEveryUnit() {
        RackerProcess.Result stock = run2("--no-boot-profile", "systemctl", "show", "-p", "LoadState", "--value",
                "systemd-logind");
        assertThat(stock.stdout()).as(stock.toString()).isEqualTo("loaded\n");
        RackerProcess.Result kept = racker.run("--verbose", "run", "--name", marker, "--rootfs", bookworm.toString(),
                "systemctl", "show", "-p", "LoadState", "--value", "systemd-logind");
        assertThat(kept.stdout()).as(kept.toString()).isEqualTo("loaded\n");
        assertThat(kept.stderr()).doesNotContain("masked for this boot");
        assertThat(racker.run("rm", marker).exitCode()).isZero();
        RackerProcess.Result asked = racker.run("run", "--boot-profile", "test", "--name", marker, "--rootfs",
                bookworm.toString(), "systemctl", "show", "-p", "LoadState", "--value", "systemd-logind");
        assertThat(asked.stdout()).as(asked.toString()).isEqualTo("masked\n");
        assertThat(racker.run("rm", marker).exitCode()).isZero();
    }

    @Test
    void contradictoryOrUnknownBootProfilesExit125() {
        RackerProcess.Result both = run2("--no-boot-profile", "--boot-profile", "test", "true");
        assertThat(both.exitCode()).as(both.toString()).isEqualTo(125);
        RackerProcess.Result unknown = run2("--boot-profile", "fast", "true");
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(125);
        assertThat(unknown.stderr()).contains("fast");
    }

    /**
     * The end of a --rm container is not orderly: its init is killed once the command exited.
     * A service still running in it, and everything racker made for it, must be gone with it.
     */
    @Test
    void aThrowAwayContainerIsEndedAtOnceAndLeavesNothingBehind() throws IOException {
        String sleeper = "4242." + Long.toString(System.nanoTime() % 1_000_000);
        RackerProcess.Result r = racker.run("--verbose", "run", "--rm", "--name", marker, "--rootfs",
                bookworm.toString(), "systemd-run", "--unit=lingering", "sleep", sleeper);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stderr()).contains("discarded ").doesNotContain("stopped ");
        assertThat(HostLeaks.of(marker)).isEmpty();
        assertThat(HostLeaks.underStateRoot(state)).isEmpty();
        assertThat(processesNaming("sleep " + sleeper)).isEmpty();
        Path containers = state.resolve("containers");
        if (Files.isDirectory(containers)) {
            try (var records = Files.list(containers)) {
                assertThat(records.toList()).as("records and files of the container").isEmpty();
            }
        }
    }

    @Test
    void aKeptContainerStillPowersOffInOrder() {
        RackerProcess.Result r = racker.run("--verbose", "run", "--name", marker, "--rootfs", bookworm.toString(), "true");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stderr()).contains("stopped ").doesNotContain("discarded ");
        assertThat(racker.run("rm", marker).exitCode()).isZero();
    }

    static List<String> processesNaming(String text) throws IOException {
        List<String> found = new ArrayList<>();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    if (cmdline.contains(text)) {
                        found.add(proc.getFileName() + ": " + cmdline);
                    }
                } catch (IOException e) {
                    // gone meanwhile
                }
            }
        }
        return found;
    }

    void awaitRunning(String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String ps = racker.run("ps").stdout();
            if (ps.contains(name) && ps.contains("Up ")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("container " + name + " did not come up");
    }

    void awaitGone(String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && !HostLeaks.of(name).stream().filter(l -> l.startsWith("process")).toList().isEmpty()) {
            Thread.sleep(50);
        }
    }
}

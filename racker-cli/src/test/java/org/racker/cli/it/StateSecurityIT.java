package org.racker.cli.it;

import org.racker.testing.TestRootfs;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a state root must withstand: damaged state files, a state directory deleted under a
 * running container, a second root using the same container names, names that are no
 * hostnames, and host destinations of cp that are not plain files.
 */
@Tag("integration")
@Tag("security")
class StateSecurityIT extends IsolatedRackerTest {
    static Path bookworm;

    /** A second state root, for the tests that need two. */
    @TempDir
    Path otherState;

    RackerProcess other;

    @BeforeAll
    static void rootfs() {
        bookworm = TestRootfs.bookworm();
    }

    @AfterEach
    void nothingLeftInTheOtherRoot() {
        if (other != null) {
            for (String id : other.run("ps", "-aq", "--no-trunc").stdout().split("\\s+")) {
                if (!id.isBlank()) {
                    other.run("rm", "-f", id);
                }
            }
            assertThat(HostLeaks.underStateRoot(otherState)).isEmpty();
        }
    }

    String startDetached(RackerProcess in, String name) {
        RackerProcess.Result run = in.run("run", "-d", "--name", name, "--rootfs=" + bookworm);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run.stdout().strip();
    }

    static void assertNoStackTrace(RackerProcess.Result r) {
        assertThat(r.stderr()).as(r.toString()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    /** Writes the broken state files a root can end up with, each in a container directory of its own. */
    static List<String> damage(Path stateRoot, String goodState) throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        List<byte[]> contents = List.of(
                goodState.substring(0, goodState.length() / 2).getBytes(StandardCharsets.UTF_8), // truncated
                new byte[0], // empty
                "{}".getBytes(StandardCharsets.UTF_8),
                goodState.replaceFirst("\"command\" : \\[[^\\]]*\\]", "\"command\" : 7").getBytes(StandardCharsets.UTF_8),
                new byte[] {0, (byte) 0xff, '{', 1, '\n'}); // garbage
        for (int i = 0; i <= contents.size(); i++) {
            String id = String.valueOf((char) ('a' + i)).repeat(64);
            Path dir = Files.createDirectories(stateRoot.resolve("containers").resolve(id));
            if (i < contents.size()) {
                Files.write(dir.resolve("state.json"), contents.get(i));
            } else {
                Files.createDirectories(dir.resolve("state.json")); // a directory where the file belongs
            }
            ids.add(id);
        }
        return ids;
    }

    @Test
    void damagedStateFilesAreReportedOneLineEachAndHideNoOtherContainer() throws Exception {
        RackerProcess.Result good = racker.run("run", "--name", marker + "-good", "--rootfs=" + bookworm, "true");
        assertThat(good.exitCode()).as(good.toString()).isZero();
        String goodId = racker.run("ps", "-aq", "--no-trunc").stdout().strip();
        String goodState = Files.readString(state.resolve("containers").resolve(goodId).resolve("state.json"));
        List<String> bad = damage(state, goodState);

        RackerProcess.Result ps = racker.run("ps", "-a");
        assertThat(ps.exitCode()).as(ps.toString()).isZero();
        assertThat(ps.stdout()).contains(marker + "-good");
        assertNoStackTrace(ps);
        assertThat(ps.stderr().lines().toList()).hasSize(bad.size()).allSatisfy(line ->
                assertThat(line).startsWith("racker: damaged container state in " + state.resolve("containers"))
                        .containsPattern("racker rm -f [a-f]{64}$"));

        RackerProcess.Result inspect = racker.run("inspect", marker + "-good");
        assertThat(inspect.exitCode()).as(inspect.toString()).isZero();
        assertThat(inspect.stdout()).contains(goodId);
        RackerProcess.Result run = racker.run("run", "--rm", "--name", marker + "-rm", "--rootfs=" + bookworm,
                "cat", "/etc/debian_version");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertNoStackTrace(run);

        for (String id : bad) {
            RackerProcess.Result rm = racker.run("rm", "-f", id.substring(0, 12));
            assertThat(rm.exitCode()).as(rm.toString()).isZero();
            assertNoStackTrace(rm);
            assertThat(state.resolve("containers").resolve(id)).doesNotExist();
        }
        RackerProcess.Result clean = racker.run("ps", "-a");
        assertThat(clean.stderr()).isEmpty();
        assertThat(racker.run("rm", marker + "-good").exitCode()).isZero();
    }

    @Test
    void rmForceOfADamagedRecordKillsWhatItsContainerStillRuns() throws Exception {
        String id = startDetached(racker, marker);
        Files.writeString(state.resolve("containers").resolve(id).resolve("state.json"), "{}");
        RackerProcess.Result ps = racker.run("ps", "-a");
        assertThat(ps.exitCode()).isZero();
        assertThat(ps.stderr()).contains("damaged container state").contains("runs without its state")
                .contains("racker rm -f " + id);
        assertThat(HostLeaks.of(marker)).isNotEmpty();

        RackerProcess.Result rm = racker.run("rm", "-f", id);
        assertThat(rm.exitCode()).as(rm.toString()).isZero();
        assertThat(HostLeaks.of(marker)).isEmpty();
        assertThat(state.resolve("containers").resolve(id)).doesNotExist();
        assertThat(racker.run("run", "-d", "--name", marker, "--rootfs=" + bookworm).exitCode())
                .as("the name is free again").isZero();
        assertThat(racker.run("rm", "-f", marker).exitCode()).isZero();
    }

    @Test
    void twoRootsRunContainersOfOneNameAndRemovingOneSparesTheOther() throws Exception {
        other = new RackerProcess(otherState);
        String mine = startDetached(racker, marker);
        String theirs = startDetached(other, marker);
        assertThat(racker.run("rm", "-f", marker).exitCode()).isZero();
        assertThat(HostLeaks.underStateRoot(state)).isEmpty();
        assertThat(HostLeaks.underStateRoot(otherState)).as("the other root's container still runs")
                .anyMatch(l -> l.contains("systemd-nspawn"));
        RackerProcess.Result exec = other.run("exec", marker, "systemctl", "is-active", "systemd-journald");
        assertThat(exec.stdout()).as(exec.toString()).isEqualTo("active\n");
        assertThat(mine).isNotEqualTo(theirs);
    }

    @Test
    void aContainerWhoseStateDirectoryWasDeletedIsReportedAndRemovable() throws Exception {
        other = new RackerProcess(otherState);
        String id = startDetached(racker, marker);
        org.racker.fs.WorkDirectories.deleteTree(state.resolve("containers").resolve(id));
        assertThat(other.run("ps", "-a").stderr()).as("another root's orphan is not this root's").isEmpty();
        RackerProcess.Result ps = racker.run("ps", "-a");
        assertThat(ps.exitCode()).isZero();
        assertThat(ps.stderr()).contains("container " + id).contains("runs without its state")
                .contains("racker rm -f " + id).hasLineCount(1);
        RackerProcess.Result rm = racker.run("rm", "-f", id.substring(0, 12));
        assertThat(rm.exitCode()).as(rm.toString()).isZero();
        assertThat(HostLeaks.of(marker)).isEmpty();
        assertThat(racker.run("ps", "-a").stderr()).isEmpty();
        assertThat(state.resolve("names").resolve(marker)).doesNotExist();
    }

    @Test
    void aNameThatIsNoHostnameBootsAndKeepsItsName() throws Exception {
        String name = marker + "_t3.x";
        String id = startDetached(racker, name);
        assertThat(racker.run("ps").stdout()).contains(name);
        assertThat(racker.run("inspect", name).stdout()).contains("\"Name\" : \"/" + name + "\"")
                .contains("\"MachineName\" : \"" + marker + "-t3-x-" + id.substring(0, 8) + "\"");
        assertThat(HostLeaks.of(marker + "-t3-x-" + id.substring(0, 8))).anyMatch(l -> l.contains("systemd-nspawn"));
        RackerProcess.Result exec = racker.run("exec", name, "true");
        assertThat(exec.exitCode()).as(exec.toString()).isZero();
        assertThat(racker.run("rm", "-f", name).exitCode()).isZero();
    }

    @Test
    void aFailedStartLeavesNoRecord(@TempDir Path notAnOs) throws Exception {
        // systemd is there, so racker boots it; nspawn refuses a tree that is no OS
        Path systemd = Files.createDirectories(notAnOs.resolve("usr/lib/systemd")).resolve("systemd");
        Files.writeString(systemd, "");
        RackerProcess.Result run = racker.run("run", "--name", marker, "--rootfs=" + notAnOs, "true");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(125);
        assertNoStackTrace(run);
        assertThat(racker.run("ps", "-a").stdout()).doesNotContain(marker);
        assertThat(racker.run("ps", "-aq").stdout()).isEmpty();
    }

    @Test
    void controlCharactersInANameAreRefusedInOneLine() {
        for (String bad : new String[] {marker + "\nx", marker + "\u001b[31m", marker + "\tx"}) {
            RackerProcess.Result run = racker.run("run", "--rm", "--name", bad, "--rootfs=" + bookworm, "true");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(125);
            assertThat(run.stderr()).startsWith("racker: invalid container name").hasLineCount(1);
        }
        RackerProcess.Result env = racker.run("run", "--rm", "-e", "A\nB=1", "--rootfs=" + bookworm, "true");
        assertThat(env.exitCode()).as(env.toString()).isEqualTo(125);
        assertThat(env.stderr()).hasLineCount(1);
        assertThat(racker.run("ps", "-aq").stdout()).isEmpty();
    }

    @Test
    void anEmptyRootIsRefusedInOneLine(@TempDir Path cwd) throws Exception {
        Process ps = new ProcessBuilder(RackerProcess.launcher().toString(), "--root", "", "ps", "-a").directory(cwd.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        CompletableFuture<byte[]> out = RackerProcess.readAll(ps.getInputStream());
        String err = new String(ps.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ps.waitFor()).isEqualTo(125);
        assertThat(err).startsWith("racker: --root is empty").hasLineCount(1);
        assertThat(out.join()).isEmpty();
        assertThat(cwd).isEmptyDirectory();
    }

    @Test
    void cpToTheHostWritesThroughStdoutAndFifosAndExecOfAMissingUserIs126(@TempDir Path dir) throws Exception {
        startDetached(racker, marker);
        Path stdout = Path.of("/dev/stdout");
        boolean wasLink = Files.isSymbolicLink(stdout);
        RackerProcess.Result cp = racker.run("cp", marker + ":/etc/debian_version", "/dev/stdout");
        assertThat(cp.exitCode()).as(cp.toString()).isZero();
        assertThat(cp.stdout()).matches("12\\.[0-9]+\n");
        assertThat(Files.isSymbolicLink(stdout)).isEqualTo(wasLink);
        assertThat(Files.isRegularFile(stdout, LinkOption.NOFOLLOW_LINKS)).isFalse();

        Path fifo = dir.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        RackerProcess.Result toFifo = racker.run("cp", marker + ":/etc/debian_version", fifo.toString());
        assertThat(toFifo.exitCode()).as(toFifo.toString()).isZero();
        assertThat(reader.get(30, TimeUnit.SECONDS)).matches("12\\.[0-9]+\n");
        assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).isFalse();

        RackerProcess.Result user = racker.run("exec", "-u", "nosuchuser", marker, "true");
        assertThat(user.exitCode()).as(user.toString()).isEqualTo(126);
        assertThat(user.stderr()).isEqualTo("racker: unable to find user nosuchuser: no matching entries in passwd file\n");
        RackerProcess.Result group = racker.run("exec", "-u", "root:nosuchgroup", marker, "true");
        assertThat(group.exitCode()).as(group.toString()).isEqualTo(126);
        assertThat(racker.run("exec", "-u", "nobody", marker, "id", "-un").stdout()).isEqualTo("nobody\n");
        assertThat(racker.run("rm", "-f", marker).exitCode()).isZero();
    }
}

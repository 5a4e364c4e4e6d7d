package org.racker.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.racker.testing.TestRootfs;

/**
 * {@code racker run --vm} through the real launcher: a VM booted from the bookworm test root
 * (software emulation where the host has no KVM, so few boots), and the bad input that is
 * refused before anything boots. The VM image racker derives is kept in a state root of the
 * test cache's, so that only the first run on a machine builds it.
 */
@Tag("integration")
@Tag("vm")
@Tag("slow")
@Timeout(value = 15, unit = TimeUnit.MINUTES) // a VM boot under software emulation on a busy machine
class VmRunIT {
    private Path state;
    private RackerProcess racker;
    private String marker;
    private Path bookworm;

    @BeforeEach
    void setUp() {
        state = TestRootfs.vmStateRoot();
        racker = new RackerProcess(state);
        marker = "it-vm-" + Long.toHexString(new Random().nextLong() & 0xffffffffL);
        bookworm = TestRootfs.bookworm();
    }

    @AfterEach
    void nothingLeftBehind() throws IOException {
        // the VM state root is shared with the other VM tests: only this test's VMs count
        assertThat(org.racker.testing.Leaks.ofVmsUnder(state, marker)).as("this test's VMs under " + state).isEmpty();
        assertThat(HostLeaks.liveRecords(state)).filteredOn(l -> l.contains(marker)).isEmpty();
        try (Stream<Path> files = Files.walk(state.resolve("containers"))) {
            assertThat(files.filter(p -> HostLeaks.recordedWith(p, state, marker)).map(p -> p.getFileName().toString()))
                    .as("sockets or disk overlays left").noneMatch(n -> n.endsWith(".sock") || n.startsWith("vl."));
        }
    }

    @Test
    void runRmBootsRunsAndLeavesNothing() {
        byte[] input = new byte[512];
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) (i * 7);
        }
        RackerProcess.Result r = racker.run(input, "run", "--vm", "--rm", "-i", "--name", marker, "--rootfs",
                bookworm.toString(), "sh", "-c", "cat; printf 'e\\377\\000r\\n' >&2; exit 3");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stdoutBytes()).isEqualTo(input);
        byte[] err = r.stderrBytes();
        byte[] tail = java.util.Arrays.copyOfRange(err, Math.max(0, err.length - 5), err.length);
        assertThat(tail).as(r.stderr()).isEqualTo(new byte[] {'e', (byte) 0xff, 0, 'r', '\n'});
        if (!Files.exists(Path.of("/dev/kvm"))) {
            assertThat(r.stderr()).containsOnlyOnce("software emulation (TCG)");
        }
        assertThat(state.resolve("names").resolve(marker)).doesNotExist();
        assertThat(racker.run("ps", "-a", "--format", "{{.Names}}").stdout()).doesNotContain(marker);
    }

    @Test
    void detachedVmTakesExecsServesAPublishedPortThenStops() throws Exception {
        // each connection to the guest's port 8080 gets a line, through QEMU's forward of a free host port
        RackerProcess.Result run = racker.run("run", "-d", "--vm", "--name", marker, "-p", "127.0.0.1:0:8080",
                "--rootfs", bookworm.toString(), "systemd-socket-activate", "-l", "8080", "--inetd", "-a", "/bin/echo",
                "from-the-vm");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout().strip()).matches("[0-9a-f]{64}");
        try {
            assertThat(racker.run("ps", "--format", "{{.Names}} {{.Status}}").stdout()).contains(marker + " Up");
            assertThat(racker.run("exec", marker, "true").exitCode()).isZero();
            assertThat(racker.run("exec", marker, "false").exitCode()).isEqualTo(1);
            assertThat(racker.run("exec", marker, "sh", "-c", "exit 3").exitCode()).isEqualTo(3);
            RackerProcess.Result missing = racker.run("exec", marker, "no-such-command");
            assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(127);
            assertThat(racker.run("exec", marker, "/etc/debian_version").exitCode()).isEqualTo(126);
            byte[] input = "line one\n\0\377 two".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            RackerProcess.Result cat = racker.run(input, "exec", "-i", "-e", "X=y z", marker, "sh", "-c",
                    "cat; printf '%s' \"$X\" >&2");
            assertThat(cat.exitCode()).as(cat.toString()).isZero();
            assertThat(cat.stdoutBytes()).isEqualTo(input);
            assertThat(cat.stderr()).isEqualTo("y z");
            // the VM's state is its own: a file written by one exec is there for the next
            assertThat(racker.run("exec", marker, "sh", "-c", "echo kept > /root/f").exitCode()).isZero();
            assertThat(racker.run("exec", marker, "cat", "/root/f").stdout()).isEqualTo("kept\n");
            copiesBothWays();
            String published = racker.run("port", marker, "8080").stdout().strip();
            assertThat(published).matches("127\\.0\\.0\\.1:\\d+");
            assertThat(racker.run("ps", "--format", "{{.Ports}}").stdout()).contains(published + "->8080/tcp");
            assertThat(answerOf(published)).isEqualTo("from-the-vm\n");
            assertThat(racker.run("logs", marker).stdout()).as("the detached command's output")
                    .contains("Listening on [::]:8080");
        } finally {
            RackerProcess.Result stop = racker.run("stop", marker);
            assertThat(stop.exitCode()).as(stop.toString()).isZero();
        }
        assertThat(racker.run("ps", "-a", "--format", "{{.Names}} {{.Status}}").stdout()).contains(marker + " Exited");
        assertThat(racker.run("exec", marker, "true").exitCode()).isEqualTo(125);
        assertThat(racker.run("rm", marker).exitCode()).isZero();
        assertThat(state.resolve("names").resolve(marker)).doesNotExist();
    }

    /** What the guest's listener says, once its network is up (DHCP may come after the agent). */
    private static String answerOf(String hostPort) throws InterruptedException {
        int colon = hostPort.lastIndexOf(':');
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        String last = "";
        while (System.nanoTime() < deadline) {
            try (java.net.Socket socket = new java.net.Socket(hostPort.substring(0, colon),
                    Integer.parseInt(hostPort.substring(colon + 1)))) {
                socket.setSoTimeout(10_000);
                last = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (!last.isEmpty()) {
                    return last;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        return last;
    }

    private void copiesBothWays() throws IOException {
        Path dir = Files.createTempDirectory("racker-vm-cp");
        try {
            byte[] content = new byte[300_000];
            new Random(7).nextBytes(content);
            Path file = Files.write(dir.resolve("blob.bin"), content);
            RackerProcess.Result in = racker.run("cp", file.toString(), marker + ":/root");
            assertThat(in.exitCode()).as(in.toString()).isZero();
            RackerProcess.Result cat = racker.run("exec", marker, "cat", "/root/blob.bin");
            assertThat(cat.stdoutBytes()).isEqualTo(content);
            Path back = Files.createDirectories(dir.resolve("back"));
            RackerProcess.Result out = racker.run("cp", marker + ":/root/blob.bin", back.toString());
            assertThat(out.exitCode()).as(out.toString()).isZero();
            assertThat(Files.readAllBytes(back.resolve("blob.bin"))).isEqualTo(content);
            RackerProcess.Result missing = racker.run("cp", marker + ":/no/such", back.toString());
            assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(125);
            assertThat(missing.stderr().lines().count()).isEqualTo(1);
            copiesTreesBothWays(dir);
        } finally {
            org.racker.fs.WorkDirectories.deleteTree(dir);
        }
    }

    /** A tree with modes, a symlink and a nested file, in and out through the guest's tar, byte-exact. */
    private void copiesTreesBothWays(Path dir) throws IOException {
        Path tree = Files.createDirectories(dir.resolve("tree").resolve("sub").resolve("nested")).getParent().getParent();
        byte[] deep = new byte[70_000];
        new Random(11).nextBytes(deep);
        Files.write(tree.resolve("sub/nested/deep.bin"), deep);
        Files.writeString(tree.resolve("top.txt"), "top\n");
        Files.writeString(tree.resolve("run.sh"), "#!/bin/sh\necho ran\n");
        Files.createSymbolicLink(tree.resolve("link"), Path.of("top.txt"));
        Files.setPosixFilePermissions(tree.resolve("sub/nested/deep.bin"), PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(tree.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.setPosixFilePermissions(tree.resolve("sub"), PosixFilePermissions.fromString("rwxr-x--x"));

        RackerProcess.Result in = racker.run("cp", tree.toString(), marker + ":/root");
        assertThat(in.exitCode()).as(in.toString()).isZero();
        RackerProcess.Result seen = racker.run("exec", marker, "sh", "-c", "cd /root/tree && stat -c '%n %a %F' run.sh"
                + " sub sub/nested/deep.bin && readlink link && ./run.sh && ls -a /tmp");
        assertThat(seen.exitCode()).as(seen.toString()).isZero();
        assertThat(seen.stdout()).startsWith("run.sh 750 regular file\nsub 751 directory\n"
                + "sub/nested/deep.bin 600 regular file\ntop.txt\nran\n").doesNotContain(".racker-cp-");
        // under another name where the destination does not exist, as docker cp
        RackerProcess.Result renamed = racker.run("cp", tree.toString(), marker + ":/root/renamed");
        assertThat(renamed.exitCode()).as(renamed.toString()).isZero();

        Path back = Files.createDirectories(dir.resolve("trees"));
        RackerProcess.Result into = racker.run("cp", marker + ":/root/tree", back.toString());
        assertThat(into.exitCode()).as(into.toString()).isZero();
        assertSameTree(tree, back.resolve("tree"));
        RackerProcess.Result as = racker.run("cp", marker + ":/root/renamed", back.resolve("again").toString());
        assertThat(as.exitCode()).as(as.toString()).isZero();
        assertSameTree(tree, back.resolve("again"));
        try (Stream<Path> left = Files.list(back)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("tree", "again");
        }

        RackerProcess.Result follow = racker.run("cp", "-L", marker + ":/root/tree/link", back.toString());
        assertThat(follow.exitCode()).as(follow.toString()).isEqualTo(125);
        assertThat(follow.stderr().lines().count()).isEqualTo(1);

        // tar streams: out of the guest on stdout, and back in on stdin
        RackerProcess.Result stream = racker.run("cp", marker + ":/root/tree/sub", "-");
        assertThat(stream.exitCode()).as(stream.toString()).isZero();
        RackerProcess.Result streamIn = racker.run(stream.stdoutBytes(), "cp", "-", marker + ":/tmp");
        assertThat(streamIn.exitCode()).as(streamIn.toString()).isZero();
        assertThat(racker.run("exec", marker, "cat", "/tmp/sub/nested/deep.bin").stdoutBytes()).isEqualTo(deep);
        assertThat(racker.run("exec", marker, "ls", "-a", "/tmp").stdout()).doesNotContain(".racker-cp-");

        // a guest without tar: trees refused in one line, regular files still copied by the agent's file calls
        assertThat(racker.run("exec", marker, "mv", "/usr/bin/tar", "/usr/bin/tar.gone").exitCode()).isZero();
        RackerProcess.Result noTar = racker.run("cp", tree.toString(), marker + ":/root/notar");
        assertThat(noTar.exitCode()).as(noTar.toString()).isEqualTo(125);
        assertThat(noTar.stderr().lines().count()).as(noTar.stderr()).isEqualTo(1);
        assertThat(noTar.stderr()).contains("no tar");
        RackerProcess.Result file = racker.run("cp", marker + ":/root/tree/sub/nested/deep.bin",
                back.resolve("deep.bin").toString());
        assertThat(file.exitCode()).as(file.toString()).isZero();
        assertThat(Files.readAllBytes(back.resolve("deep.bin"))).isEqualTo(deep);
        assertThat(racker.run("exec", marker, "ls", "-a", "/tmp", "/root").stdout())
                .doesNotContain(".racker-cp-").doesNotContain("notar");
        assertThat(racker.run("exec", marker, "mv", "/usr/bin/tar.gone", "/usr/bin/tar").exitCode()).isZero();
    }

    private static void assertSameTree(Path expected, Path actual) throws IOException {
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(expected)) {
            entries = walk.toList();
        }
        for (Path e : entries) {
            Path a = actual.resolve(expected.relativize(e).toString());
            assertThat(Files.isSymbolicLink(a)).as(a.toString()).isEqualTo(Files.isSymbolicLink(e));
            if (Files.isSymbolicLink(e)) {
                assertThat(Files.readSymbolicLink(a)).isEqualTo(Files.readSymbolicLink(e));
                continue;
            }
            assertThat(Files.getPosixFilePermissions(a, LinkOption.NOFOLLOW_LINKS)).as(a.toString())
                    .isEqualTo(Files.getPosixFilePermissions(e, LinkOption.NOFOLLOW_LINKS));
            if (Files.isRegularFile(e, LinkOption.NOFOLLOW_LINKS)) {
                assertThat(Files.readAllBytes(a)).as(a.toString()).isEqualTo(Files.readAllBytes(e));
            }
        }
        try (Stream<Path> walk = Files.walk(actual)) {
            assertThat(walk.count()).as("entries of " + actual).isEqualTo(entries.size());
        }
    }

    @Test
    void killedRackerTakesItsVmAlong() throws Exception {
        Process p = racker.start("run", "--vm", "--name", marker, "--rootfs", bookworm.toString(), "sleep", "600");
        try {
            long deadline = System.nanoTime() + 600_000_000_000L; // the first run derives the VM image
            while (org.racker.testing.Leaks.ofVmsUnder(state, marker).stream().noneMatch(l -> l.contains("qemu-system"))) {
                assertThat(System.nanoTime()).as("QEMU started").isLessThan(deadline);
                assertThat(p.isAlive()).as("racker runs").isTrue();
                Thread.sleep(50);
            }
        } finally {
            p.destroyForcibly().waitFor();
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (org.racker.testing.Leaks.ofVmsUnder(state, marker).stream().anyMatch(l -> l.contains("qemu-system"))) {
            assertThat(System.nanoTime()).as("QEMU gone after racker was killed").isLessThan(deadline);
            Thread.sleep(50);
        }
        // the next racker finds the record abandoned and settles it
        RackerProcess.Result ps = racker.run("ps", "-a", "--format", "{{.Names}} {{.Status}}");
        assertThat(ps.stdout()).contains(marker + " Exited");
        assertThat(racker.run("rm", marker).exitCode()).isZero();
        assertThat(state.resolve("names").resolve(marker)).doesNotExist();
    }

    /**
     * Debian sid as docker's sid-slim is (no systemd, no apt options): deriving its VM image
     * needs the curated debian-sid's apt option for this mirror's expired snapshot, and the
     * guest runs a systemd that refuses this host's cgroup layout in a container.
     */
    @Test
    void sidWithoutAptOptionsDerivesAndBootsItsOwnSystemd() {
        // detached, and its command's end ends the VM, whose status wait and inspect then give
        RackerProcess.Result run = racker.run("run", "-d", "--vm", "--name", marker, "--rootfs",
                TestRootfs.slim("sid").toString(), "sh", "-c",
                "grep PRETTY_NAME /etc/os-release; systemctl --version; exit 3");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        try {
            RackerProcess.Result waited = racker.run("wait", marker);
            assertThat(waited.exitCode()).as(waited.toString()).isZero();
            assertThat(waited.stdout().strip()).isEqualTo("3");
            assertThat(racker.run("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", marker).stdout().strip())
                    .isEqualTo("exited 3");
            String logs = racker.run("logs", marker).stdout();
            assertThat(logs).contains("/sid\"");
            java.util.regex.Matcher version = java.util.regex.Pattern.compile("(?m)^systemd (\\d+)").matcher(logs);
            assertThat(version.find()).as(logs).isTrue();
            assertThat(Integer.parseInt(version.group(1))).isGreaterThanOrEqualTo(258);
        } finally {
            RackerProcess.Result rm = racker.run("rm", "-f", marker);
            assertThat(rm.exitCode()).as(rm.toString()).isZero();
        }
        assertThat(state.resolve("names").resolve(marker)).doesNotExist();
    }

    @Test
    void badInputRefusedBeforeBooting() {
        for (List<String> args : List.of(
                List.of("run", "--memory", "1g", "--rootfs", bookworm.toString(), "true"),
                List.of("run", "--vm", "--memory", "64m", "--rootfs", bookworm.toString(), "true"),
                List.of("run", "--vm", "--cpus", "0", "--rootfs", bookworm.toString(), "true"),
                List.of("run", "--vm", "-v", "/tmp:/mnt", "--rootfs", bookworm.toString(), "true"),
                List.of("run", "--vm", "-d", "-i", "--rootfs", bookworm.toString(), "true"),
                List.of("run", "--vm", "-p", "[::1]:8080:80", "--rootfs", bookworm.toString(), "true"))) {
            RackerProcess.Result r = racker.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(125);
            assertThat(r.stderr().lines().count()).as(r.toString()).isEqualTo(1);
            assertThat(r.stderr()).startsWith("racker: ").doesNotContain("Exception");
        }
        RackerProcess.Result missing = racker.run("run", "-d", "--vm", "--name", marker, "--rootfs", bookworm.toString(),
                "no-such-command");
        assertThat(missing.exitCode()).as("found missing in the image, before a boot").isEqualTo(127);
        assertThat(missing.stderr().lines().count()).isEqualTo(1);
        assertThat(state.resolve("names").resolve(marker)).doesNotExist();
    }
}

package org.racker.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
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
        assertThat(HostLeaks.underStateRoot(state)).as("processes of VMs under " + state).isEmpty();
        assertThat(HostLeaks.liveRecords(state)).isEmpty();
        try (Stream<Path> files = Files.walk(state.resolve("containers"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
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
    void killedRackerTakesItsVmAlong() throws Exception {
        Process p = racker.start("run", "--vm", "--name", marker, "--rootfs", bookworm.toString(), "sleep", "600");
        try {
            long deadline = System.nanoTime() + 600_000_000_000L; // the first run derives the VM image
            while (HostLeaks.underStateRoot(state).stream().noneMatch(l -> l.contains("qemu-system"))) {
                assertThat(System.nanoTime()).as("QEMU started").isLessThan(deadline);
                assertThat(p.isAlive()).as("racker runs").isTrue();
                Thread.sleep(50);
            }
        } finally {
            p.destroyForcibly().waitFor();
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (HostLeaks.underStateRoot(state).stream().anyMatch(l -> l.contains("qemu-system"))) {
            assertThat(System.nanoTime()).as("QEMU gone after racker was killed").isLessThan(deadline);
            Thread.sleep(50);
        }
        // the next racker finds the record abandoned and settles it
        RackerProcess.Result ps = racker.run("ps", "-a", "--format", "{{.Names}} {{.Status}}");
        assertThat(ps.stdout()).contains(marker + " Exited");
        assertThat(racker.run("rm", marker).exitCode()).isZero();
        assertThat(state.resolve("names").resolve(marker)).doesNotExist();
    }

    @Test
    void badInputRefusedBeforeBooting() {
        for (List<String> args : List.of(
                List.of("run", "--memory", "1g", "--rootfs", bookworm.toString(), "true"),
                List.of("run", "--vm", "--memory", "64m", "--rootfs", bookworm.toString(), "true"),
                List.of("run", "--vm", "--cpus", "0", "--rootfs", bookworm.toString(), "true"),
                List.of("run", "--vm", "-v", "/tmp:/mnt", "--rootfs", bookworm.toString(), "true"),
                List.of("run", "--vm", "-d", "--rootfs", bookworm.toString(), "true"))) {
            RackerProcess.Result r = racker.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(125);
            assertThat(r.stderr().lines().count()).as(r.toString()).isEqualTo(1);
            assertThat(r.stderr()).startsWith("racker: ").doesNotContain("Exception");
        }
    }
}

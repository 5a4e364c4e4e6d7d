package org.racker.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.racker.testing.TestDisks;
import org.racker.testing.TestRootfs;

/**
 * {@code racker run --vm --disk}: disks that boot on their own (a raw one, the same as qcow2
 * and in a Vagrant libvirt box, made from the bookworm VM image and cached, see
 * {@link TestDisks}) booted through the real launcher under QEMU, few boots as they are slow
 * under software emulation; and what is refused before or instead of a boot. After each: no
 * QEMU, record, socket or overlay left, the disk unchanged.
 */
@Tag("integration")
@Tag("vm")
@Tag("slow")
@Timeout(value = 15, unit = TimeUnit.MINUTES) // a VM boot under software emulation on a busy machine
class VmDiskIT {
    private Path state;
    private RackerProcess racker;
    private String marker;
    @TempDir
    Path tmp;

    @BeforeEach
    void setUp() {
        state = TestRootfs.vmStateRoot();
        racker = new RackerProcess(state);
        marker = "it-disk-" + Long.toHexString(new Random().nextLong() & 0xffffffffL);
    }

    @AfterEach
    void nothingLeftBehind() throws IOException {
        // the VM state root is shared with the other VM tests: only this test's VMs count
        assertThat(org.racker.testing.Leaks.ofVmsUnder(state, marker)).as("this test's VMs under " + state).isEmpty();
        assertThat(HostLeaks.liveRecords(state)).filteredOn(l -> l.contains(marker)).isEmpty();
        assertThat(state.resolve("names").resolve(marker)).doesNotExist();
        try (Stream<Path> files = Files.walk(state.resolve("containers"))) {
            assertThat(files.filter(p -> HostLeaks.recordedWith(p, state, marker)).map(p -> p.getFileName().toString()))
                    .as("sockets or disk overlays left").noneMatch(n -> n.endsWith(".sock") || n.startsWith("vl."));
        }
        Path boxes = state.resolve("vm").resolve("boxes");
        if (Files.isDirectory(boxes)) {
            try (Stream<Path> entries = Files.list(boxes)) {
                assertThat(entries.map(p -> p.getFileName().toString())).as("half-unpacked boxes")
                        .noneMatch(n -> n.endsWith(".tmp"));
            }
        }
    }

    @Test
    void rawDiskRunsACommandWithItsStatusAndOutputAndStaysUnchanged() throws IOException {
        Path disk = TestDisks.bookwormRaw();
        FileTime before = Files.getLastModifiedTime(disk);
        byte[] input = new byte[1000];
        new Random(3).nextBytes(input);
        RackerProcess.Result r = racker.run(input, "run", "--vm", "--rm", "-i", "--name", marker, "--disk",
                disk.toString(), "sh", "-c", "cat; echo written > /root/f; printf 'e\\377r\\n' >&2; exit 3");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stdoutBytes()).isEqualTo(input);
        byte[] err = r.stderrBytes();
        assertThat(java.util.Arrays.copyOfRange(err, Math.max(0, err.length - 4), err.length)).as(r.stderr())
                .isEqualTo(new byte[] {'e', (byte) 0xff, 'r', '\n'});
        assertThat(Files.getLastModifiedTime(disk)).as("the disk is never written").isEqualTo(before);
    }

    @Test
    void detachedQcow2DiskTakesExecsAndCopiesThenIsKilled() throws IOException {
        Path disk = TestDisks.bookwormQcow2();
        FileTime before = Files.getLastModifiedTime(disk);
        RackerProcess.Result run = racker.run("run", "-d", "--vm", "--name", marker, "--disk", disk.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout().strip()).matches("[0-9a-f]{64}");
        try {
            assertThat(racker.run("ps", "--format", "{{.Names}} {{.Status}}").stdout()).contains(marker + " Up");
            assertThat(racker.run("inspect", "--format", "{{.State.Running}}", marker).stdout().strip())
                    .isEqualTo("true");
            assertThat(racker.run("exec", marker, "true").exitCode()).isZero();
            assertThat(racker.run("exec", marker, "false").exitCode()).isEqualTo(1);
            assertThat(racker.run("exec", marker, "sh", "-c", "exit 3").exitCode()).isEqualTo(3);
            assertThat(racker.run("exec", marker, "no-such-command").exitCode()).isEqualTo(127);
            assertThat(racker.run("exec", marker, "/etc/debian_version").exitCode()).isEqualTo(126);
            RackerProcess.Result version = racker.run("exec", marker, "cat", "/etc/debian_version");
            assertThat(version.stdout()).startsWith("12.");
            byte[] content = new byte[100_000];
            new Random(9).nextBytes(content);
            Path file = Files.write(tmp.resolve("blob.bin"), content);
            assertThat(racker.run("cp", file.toString(), marker + ":/root").exitCode()).isZero();
            assertThat(racker.run("exec", marker, "cat", "/root/blob.bin").stdoutBytes()).isEqualTo(content);
            Path back = Files.createDirectories(tmp.resolve("back"));
            assertThat(racker.run("cp", marker + ":/root/blob.bin", back.toString()).exitCode()).isZero();
            assertThat(Files.readAllBytes(back.resolve("blob.bin"))).isEqualTo(content);
        } finally {
            RackerProcess.Result kill = racker.run("kill", marker);
            assertThat(kill.exitCode()).as(kill.toString()).isZero();
        }
        assertThat(racker.run("ps", "-a", "--format", "{{.Names}} {{.Status}}").stdout()).contains(marker + " Exited");
        assertThat(racker.run("exec", marker, "true").exitCode()).isEqualTo(125);
        assertThat(racker.run("rm", marker).exitCode()).isZero();
        assertThat(Files.getLastModifiedTime(disk)).as("the disk is never written").isEqualTo(before);
    }

    @Test
    void libvirtBoxIsUnpackedOnceAndRuns() throws IOException {
        RackerProcess.Result r = racker.run("run", "--vm", "--rm", "--name", marker, "--stop-timeout", "30",
                "--disk", TestDisks.bookwormLibvirtBox().toString(), "sh", "-c", "cat /etc/debian_version; exit 7");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(7);
        assertThat(r.stdout()).startsWith("12.");
        try (Stream<Path> boxes = Files.list(state.resolve("vm").resolve("boxes"))) {
            assertThat(boxes.filter(Files::isDirectory).map(p -> p.resolve("box.img")).filter(Files::isRegularFile))
                    .as("the unpacked box kept in racker's state").isNotEmpty();
        }
    }

    @Test
    void diskWhoseGuestAgentNeverAnswersIsStoppedWithOneLine() {
        RackerProcess.Result r = racker.run("run", "--vm", "--rm", "--name", marker, "--boot-timeout", "8",
                "--disk", TestDisks.haltingDisk(tmp).toString(), "true");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(125);
        assertThat(r.stderr().lines().filter(l -> !l.contains("software emulation"))).as(r.toString())
                .singleElement().asString()
                .startsWith("racker: ").contains("guest agent did not answer within 8 s")
                .contains("qemu-guest-agent").contains("--boot-timeout");
    }

    @Test
    void badDisksAndBoxesAreRefusedWithOneLine() throws IOException {
        Path random = tmp.resolve("random.img");
        byte[] noise = new byte[4096];
        new Random(1).nextBytes(noise);
        noise[510] = 0;
        Files.write(random, noise);
        Path virtualbox = box(tmp.resolve("virtualbox.box"), true, Map.of(
                "metadata.json", "{\"provider\": \"virtualbox\"}".getBytes(StandardCharsets.UTF_8),
                "box.ovf", "<Envelope/>".getBytes(StandardCharsets.UTF_8)));
        Path noMetadata = box(tmp.resolve("plain.tar"), false, Map.of("box.img", "x".getBytes(StandardCharsets.UTF_8)));
        Path escaping = box(tmp.resolve("escaping.box"), true, Map.of(
                "metadata.json", TestDisks.libvirtMetadata().getBytes(StandardCharsets.UTF_8),
                "../escaped-" + marker, "x".getBytes(StandardCharsets.UTF_8)));
        Path backed = tmp.resolve("backed");
        Files.createDirectories(backed);
        Process qemuImg = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b",
                "/etc/hostname", backed.resolve("box.img").toString(), "1M").inheritIO().start();
        assertThat(waitFor(qemuImg)).isZero();
        Path backing = box(tmp.resolve("backing.box"), false, Map.of(
                "metadata.json", TestDisks.libvirtMetadata().getBytes(StandardCharsets.UTF_8),
                "box.img", Files.readAllBytes(backed.resolve("box.img"))));
        Map<List<String>, String> cases = new java.util.LinkedHashMap<>();
        cases.put(List.of("run", "--vm", "--disk", tmp.resolve("missing.qcow2").toString(), "true"), "does not exist");
        cases.put(List.of("run", "--vm", "--disk", tmp.toString(), "true"), "is not a regular file");
        cases.put(List.of("run", "--vm", "--disk", random.toString(), "true"),
                "neither a qcow2 image, a raw disk with a boot sector nor a Vagrant box");
        cases.put(List.of("run", "--disk", random.toString(), "true"), "add --vm");
        cases.put(List.of("run", "--vm", "--disk", random.toString()), "no command given");
        cases.put(List.of("run", "--vm", "--disk", virtualbox.toString(), "true"),
                "is for the provider \"virtualbox\": racker boots boxes of the libvirt provider");
        cases.put(List.of("run", "--vm", "--disk", noMetadata.toString(), "true"), "has no metadata.json");
        cases.put(List.of("run", "--vm", "--disk", escaping.toString(), "true"), "cannot unpack");
        cases.put(List.of("run", "--vm", "--disk", backing.toString(), "true"), "names a backing or data file");
        // a downloaded qcow2 may name any host file as its backing file, which QEMU would open for the guest
        cases.put(List.of("run", "--vm", "--disk", backed.resolve("box.img").toString(), "true"),
                "names a backing or data file");
        for (Map.Entry<List<String>, String> c : cases.entrySet()) {
            List<String> args = new ArrayList<>(c.getKey());
            args.addAll(1, List.of("--name", marker));
            RackerProcess.Result r = racker.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(125);
            assertThat(r.stderr().lines().count()).as(r.toString()).isEqualTo(1);
            assertThat(r.stderr()).as(r.toString()).startsWith("racker: ").contains(c.getValue())
                    .doesNotContain("Exception");
            assertThat(state.resolve("names").resolve(marker)).doesNotExist();
        }
        assertThat(state.resolve("vm").resolve("boxes").resolve("escaped-" + marker)).doesNotExist();
        assertThat(state.resolve("vm").resolve("escaped-" + marker)).doesNotExist();
    }

    /** A tar (gzipped if asked) of {@code entries}, names as given. */
    private static Path box(Path file, boolean gzip, Map<String, byte[]> entries) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             OutputStream out = gzip ? new GZIPOutputStream(raw) : raw;
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey(), true);
                entry.setSize(e.getValue().length);
                entry.setMode(0644);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    private static int waitFor(Process p) {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}

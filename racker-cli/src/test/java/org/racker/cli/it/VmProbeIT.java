package org.racker.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.racker.testing.TestRootfs;

/**
 * postroj's probes in QEMU VMs ({@code --vm}): a real .deb copied in through the guest agent,
 * installed with apt inside the VM (its package lists fetched from the mirror through QEMU's
 * user-mode network), its socket unit and port checked; the hostnamectl self-test; and the bad
 * input refused before anything boots. Under software emulation a boot is slow, so each test
 * boots one VM at most. The curated image is pulled once into the test cache's VM state root,
 * where the VM image racker derives from it is kept for later runs.
 */
@Tag("integration")
@Tag("vm")
@Tag("slow")
@Timeout(value = 20, unit = TimeUnit.MINUTES) // the first run on a machine derives the VM image
class VmProbeIT {
    private static final String IMAGE = "it-vm-debian";

    @TempDir
    static Path shared;

    static Path state;
    static Path catalogue;
    static TestFileServer http;

    @BeforeAll
    static void image() throws IOException {
        state = TestRootfs.vmStateRoot();
        catalogue = Files.createDirectories(shared.resolve("images.d"));
        http = new TestFileServer(java.util.Map.of("/bookworm.tar.gz", TestRootfs.bookwormTarball()));
        Files.writeString(catalogue.resolve("it.json"), """
                {"images": [{"name": "%s", "family": "debian", "distribution": "Debian", "release": "12",
                  "packageManager": "apt", "sources": [{"type": "tarball", "url": "%s/bookworm.tar.gz"}]}]}
                """.formatted(IMAGE, http.base()));
        RackerProcess.Result pull = postroj("pull", IMAGE);
        assertThat(pull.exitCode()).as(pull.toString()).isZero();
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.close();
        }
    }

    /**
     * Other tests use this state root at the same time (the derived VM images are kept in it):
     * only the VMs of this test's image count, and none of them may be left, nor its record,
     * sockets or disk overlay.
     */
    @AfterEach
    void nothingLeftBehind() throws IOException {
        assertThat(org.racker.testing.Leaks.ofVmsUnder(state, IMAGE)).as("VMs of " + IMAGE + " under " + state)
                .isEmpty();
        Path containers = state.resolve("containers");
        if (Files.isDirectory(containers)) {
            try (Stream<Path> files = Files.walk(containers)) {
                assertThat(files.filter(p -> ofThisImage(p.getParent())).map(p -> p.getFileName().toString()))
                        .as("sockets or disk overlays left").noneMatch(n -> n.endsWith(".sock") || n.startsWith("vl."));
            }
        }
    }

    private static boolean ofThisImage(Path dir) {
        try {
            Path record = dir.resolve("state.json");
            return Files.exists(record) && Files.readString(record).contains("\"" + IMAGE + "\"");
        } catch (IOException e) {
            return true;
        }
    }

    static RackerProcess.Result postroj(String... args) {
        return new RackerProcess(state).postroj().withEnv(java.util.Map.of("RACKER_IMAGES_D", catalogue.toString()))
                .run(args);
    }

    @Test
    void pkgprobeInstallsADebInAVmAndChecksItsUnitAndPort(@TempDir Path dir) throws IOException {
        Path deb = TestPackages.serviceDeb(dir, "racker-vm-echo", 19000, false);
        Path json = dir.resolve("r.json");
        Path junit = dir.resolve("r.xml");
        RackerProcess.Result r = postroj("pkgprobe", "--vm", "--image=" + IMAGE, "--package=" + deb,
                "--check-unit=racker-vm-echo.socket", "--check-network=tcp://localhost:19000", "--network-timeout=60",
                "--json=" + json, "--junit=" + junit);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stderr()).containsPattern("probing " + IMAGE + " in racker-[0-9a-f]{12} \\(network vm\\)")
                .contains("ok    install racker-vm-echo_1.0_all.deb").contains("ok    unit racker-vm-echo.socket")
                .contains("ok    network tcp://localhost:19000");
        if (!Files.exists(Path.of("/dev/kvm"))) {
            assertThat(r.stderr()).containsOnlyOnce("software emulation (TCG)");
        }
        assertThat(r.stdout()).contains("PASS   pkgprobe " + IMAGE).contains("1 of 1 passed");
        assertThat(Files.readString(json)).contains("\"success\" : true").contains("\"racker-vm-echo\" : \"1.0\"");
        assertThat(Files.readString(junit)).contains("name=\"unit racker-vm-echo.socket\"");
        // the probe ran in the VM: the package is not in the image, nor anywhere on the host's side of it
        assertThat(state.resolve("curated").resolve(IMAGE).resolve("rootfs/lib/systemd/system/racker-vm-echo.socket"))
                .doesNotExist();
    }

    @Test
    void selftestHostnamectlBootsTheImageAsAVm() {
        RackerProcess.Result r = postroj("selftest", "hostnamectl", "--vm", "--image=" + IMAGE);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("PASS   hostnamectl " + IMAGE).contains("1 of 1 passed");
    }

    @Test
    void aMatrixWhoseFileSaysVmProbesItsCellInAVm(@TempDir Path dir) throws IOException {
        Path deb = TestPackages.serviceDeb(dir, "racker-vm-matrix", 19001, false);
        Path matrix = Files.writeString(dir.resolve("matrix.yaml"), """
                images: [%s]
                vm: true
                packages:
                  - name: echo
                    deb: %s
                checks:
                  units: [racker-vm-matrix.socket]
                  endpoints: ["tcp://localhost:19001"]
                  network-timeout: 60
                timeout: 900
                """.formatted(IMAGE, deb));
        Path reports = dir.resolve("reports");
        RackerProcess.Result r = postroj("matrix", "run", "--verbose", "--report-dir=" + reports,
                matrix.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stderr()).containsPattern("probing " + IMAGE + " in racker-[0-9a-f]{12} \\(network vm\\)");
        assertThat(Files.readString(reports.resolve("matrix-1-of-1.json")))
                .containsPattern("\"racker-vm-matrix\"\\s*:\\s*\"1.0\"").contains("tcp://localhost:19001");
    }

    @Test
    void badInputIsOneLineBeforeAnythingBoots(@TempDir Path dir) throws IOException {
        Path rpm = Files.write(dir.resolve("x.rpm"), new byte[] {1});
        Path matrixWithoutVm = Files.writeString(dir.resolve("m.yaml"), "images: [" + IMAGE + "]\n");
        List<List<String>> cases = List.of(
                List.of("pkgprobe", "--vm", "--network=host", "--image=" + IMAGE, "--check-unit=x"),
                List.of("pkgprobe", "--memory=1g", "--image=" + IMAGE, "--check-unit=x"),
                List.of("pkgprobe", "--vm", "--memory=64m", "--image=" + IMAGE, "--check-unit=x"),
                List.of("pkgprobe", "--vm", "--cpus=0", "--image=" + IMAGE, "--check-unit=x"),
                List.of("pkgprobe", "--vm", "--image=" + IMAGE, "--package=" + rpm),
                List.of("pkgprobe", "--vm", "--image=no-such-image", "--check-unit=x"),
                List.of("selftest", "hostnamectl", "--vm", "--network=private", "--image=" + IMAGE),
                List.of("selftest", "hostnamectl", "--cpus=2", "--image=" + IMAGE),
                List.of("matrix", "run", "--memory=1g", matrixWithoutVm.toString()),
                List.of("matrix", "run", "--vm", "--cpus=0", matrixWithoutVm.toString()));
        for (List<String> args : cases) {
            RackerProcess.Result r = postroj(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(125);
            assertThat(r.stderr().lines().count()).as(r.toString()).isEqualTo(1);
            assertThat(r.stderr()).startsWith("postroj: ").doesNotContain("Exception");
        }
    }
}

package org.racker.cli.it;

import org.racker.testing.TestRootfs;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * postroj pkgprobe and selftest on a curated Debian image (the test's bookworm root
 * registered as a tarball-free bootstrap entry, pulled once per class), with real packages:
 * upstream's webfs example served from 127.0.0.1, and packages built here.
 */
@Tag("integration")
class PkgprobeIT extends IsolatedRackerTest {
    @TempDir
    static Path shared;

    static Path root;
    static Path catalogue;
    static TestFileServer http;
    static String base;

    @BeforeAll
    static void image() throws Exception {
        root = shared.resolve("state");
        catalogue = Files.createDirectories(shared.resolve("images.d"));
        Files.writeString(catalogue.resolve("it.json"), """
                {"images": [{"name": "it-debian", "family": "debian", "distribution": "Debian", "release": "12",
                  "packageManager": "apt", "sources": [{"type": "tarball", "url": "BASE/bookworm.tar.gz"}]}]}
                """);
        Path tarball = TestRootfs.bookwormTarball();
        Path webfs = TestPackages.webfs();
        http = new TestFileServer(java.util.Map.of("/bookworm.tar.gz", tarball, "/" + webfs.getFileName(), webfs));
        base = http.base();
        Files.writeString(catalogue.resolve("it.json"), Files.readString(catalogue.resolve("it.json")).replace("BASE", base));
        RackerProcess.Result pull = postroj(root, "pull", "it-debian");
        assertThat(pull.exitCode()).as(pull.toString()).isZero();
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.close();
        }
    }

    static RackerProcess.Result postroj(Path stateRoot, String... args) {
        return new RackerProcess(stateRoot).postroj().withEnv(java.util.Map.of("RACKER_IMAGES_D", catalogue.toString()))
                .run(args);
    }

    RackerProcess.Result pkgprobe(String... args) {
        List<String> all = new ArrayList<>(List.of("pkgprobe", "--image=it-debian"));
        all.addAll(List.of(args));
        RackerProcess.Result r = postroj(root, all.toArray(String[]::new));
        assertThat(HostLeaks.underStateRoot(root)).as("no container left running").isEmpty();
        return r;
    }

    @Test
    void journaldIsActive(@TempDir Path reports) throws IOException {
        RackerProcess.Result r = pkgprobe("--check-unit=systemd-journald", "--json=" + reports.resolve("r.json"),
                "--junit=" + reports.resolve("r.xml"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("PASS   pkgprobe it-debian").contains("1 of 1 passed");
        assertThat(r.stderr()).contains("ok    unit systemd-journald");
        assertThat(Files.readString(reports.resolve("r.json"))).contains("\"success\" : true");
        assertThat(Files.readString(reports.resolve("r.xml"))).contains("<testcase classname=\"it-debian\" name=\"unit systemd-journald\"");
    }

    @Test
    void theImageIsPulledUnmaskedAndProbesSkipTheProfilesUnitsAtBoot() throws IOException {
        Path units = root.resolve("curated/it-debian/rootfs/etc/systemd/system");
        assertThat(units.resolve("getty.target")).as("nothing masked inside the image").doesNotExist();
        RackerProcess.Result r = pkgprobe("--check-unit=systemd-journald");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stderr()).contains("masked for this boot (boot profile): ").contains("getty.target")
                .contains("discarded ");
        RackerProcess.Result stock = pkgprobe("--no-boot-profile", "--check-unit=systemd-journald");
        assertThat(stock.exitCode()).as(stock.toString()).isZero();
        assertThat(stock.stderr()).doesNotContain("masked for this boot");
    }

    @Test
    void aCheckedUnitRunsEvenWhereTheProfileWouldSkipIt() {
        RackerProcess.Result r = pkgprobe("--check-unit=systemd-logind");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stderr()).contains("ok    unit systemd-logind").doesNotContain(" systemd-logind.service ");
    }

    @Test
    void upstreamsWebfsExampleFromAnHttpUrl() {
        RackerProcess.Result r = pkgprobe("--package=" + base + "/" + TestPackages.webfs().getFileName(),
                "--check-unit=webfs", "--check-network=http://localhost:8000", "--network-timeout=10");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stderr()).contains("ok    install webfs_").contains("ok    network http://localhost:8000");
    }

    @Test
    void aPackagedTcpServicePasses() {
        Path deb = TestPackages.serviceDeb(shared, "racker-echo", 19000, false);
        RackerProcess.Result r = pkgprobe("--package=" + deb, "--check-unit=racker-echo.socket",
                "--check-network=tcp://localhost:19000");
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    @Test
    void aUnitThatFailsToStartFailsWithItsJournal(@TempDir Path reports) throws IOException {
        Path deb = TestPackages.serviceDeb(shared, "racker-broken", 0, true);
        RackerProcess.Result r = pkgprobe("--package=" + deb, "--check-unit=racker-broken",
                "--json=" + reports.resolve("r.json"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stdout()).contains("FAIL   pkgprobe it-debian");
        assertThat(Files.readString(reports.resolve("r.json"))).contains("--- journal").contains("starting racker-broken and failing");
    }

    @Test
    void aPortThatNeverOpensFailsAfterTheTimeout() {
        RackerProcess.Result r = pkgprobe("--check-network=tcp://localhost:19001", "--network-timeout=2");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).contains("did not answer within 2 s");
    }

    @Test
    void badInputIsAClearErrorBeforeAnythingBoots() throws IOException {
        RackerProcess.Result missing = pkgprobe("--package=/no/such/file.deb", "--check-unit=systemd-journald");
        assertThat(missing.exitCode()).isEqualTo(125);
        assertThat(missing.stderr()).contains("/no/such/file.deb");
        RackerProcess.Result rpm = pkgprobe("--package=/tmp/x.rpm");
        assertThat(rpm.exitCode()).isEqualTo(125);
        assertThat(rpm.stderr()).contains(".deb packages");
        RackerProcess.Result url = pkgprobe("--package=http://127.0.0.1:9/nothing.deb");
        assertThat(url.exitCode()).isEqualTo(125);
        assertThat(url.stderr()).contains("connection refused");
        RackerProcess.Result network = pkgprobe("--check-network=ftp://x");
        assertThat(network.exitCode()).isEqualTo(125);
        Path corrupt = shared.resolve("corrupt_1.0_all.deb");
        Files.write(corrupt, new byte[] {1, 2, 3, 4});
        RackerProcess.Result bad = pkgprobe("--package=" + corrupt);
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(1);
        assertThat(bad.stdout()).contains("install corrupt_1.0_all.deb");
    }

    @Test
    void twoProbesOfServicesOnTheSamePortRunAtOnce() {
        Path deb = TestPackages.serviceDeb(shared, "racker-same-port", 19002, false);
        List<CompletableFuture<RackerProcess.Result>> probes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            probes.add(CompletableFuture.supplyAsync(() -> postroj(root, "pkgprobe", "--image=it-debian",
                    "--package=" + deb, "--check-unit=racker-same-port.socket", "--check-network=tcp://localhost:19002")));
        }
        for (CompletableFuture<RackerProcess.Result> probe : probes) {
            RackerProcess.Result r = probe.join();
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stderr()).as("private is the default where slirp4netns is installed").contains("(network private)");
            assertThat(HostLeaks.of(containerOf(r))).as("slirp4netns and all else gone").isEmpty();
        }
    }

    @Test
    void aProbeOnTheHostsNetworkStillWorks() {
        RackerProcess.Result r = pkgprobe("--network=host", "--check-unit=systemd-journald");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stderr()).contains("(network host)");
    }

    @Test
    void selftestInstallsApacheOnPort80InTwoContainersAtOnce() {
        RackerProcess.Result r = postroj(root, "selftest", "pkgprobe", "--image=it-debian", "--image=it-debian",
                "--parallel=2", "--network=private");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("2 of 2 passed");
        assertThat(HostLeaks.underStateRoot(root)).as("no container left running").isEmpty();
    }

    /** The machine name a probe logged ("probing IMAGE in NAME (network MODE)"). */
    static String containerOf(RackerProcess.Result r) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("probing \\S+ in (racker-[0-9a-f]{12})").matcher(r.stderr());
        assertThat(m.find()).as(r.toString()).isTrue();
        return m.group(1);
    }

    @Test
    void selftestHostnamectlReportsAndTheImageStaysUnchanged(@TempDir Path reports) throws IOException {
        Path marker = root.resolve("curated/it-debian/rootfs/etc/racker-probe-was-here");
        RackerProcess.Result r = postroj(root, "selftest", "hostnamectl", "--image=it-debian", "--parallel=2",
                "--junit=" + reports.resolve("s.xml"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("PASS   hostnamectl it-debian");
        assertThat(Files.readString(reports.resolve("s.xml"))).contains("name=\"hostnamectl\"");
        pkgprobe("--check-unit=systemd-journald");
        assertThat(marker).doesNotExist();
    }
}

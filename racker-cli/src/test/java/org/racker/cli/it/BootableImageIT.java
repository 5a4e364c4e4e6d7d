package org.racker.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import java.nio.charset.StandardCharsets;
import org.racker.api.Container;
import org.racker.api.ContainerConfig;
import org.racker.api.ExecResult;
import org.racker.api.Image;
import org.racker.api.PullPolicy;
import org.racker.api.Racker;
import org.racker.api.ResolvedImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.racker.registry.LocalRegistry;
import org.racker.registry.OciLayout;
import org.racker.testing.TestRootfs;

/**
 * Registry images without systemd as OS containers: a slim Debian (minbase, no systemd, as
 * docker's debian:bookworm-slim) pushed to a real local registry is made bootable once with
 * its own apt from Debian's mirror, booted, reused, made again when its tag names a new
 * image, and removed with rmi; busybox runs as an application; a provisioning whose apt
 * cannot reach its mirror leaves nothing. The tests share one state root and run in order:
 * each real provisioning is tens of seconds, so the suite does two.
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BootableImageIT extends IsolatedRackerTest {
    @TempDir
    static Path shared;

    static LocalRegistry registry;
    static OciLayout layout;
    static RackerProcess sharedRacker;
    static String slim;
    static String busybox;
    static String broken;

    @BeforeAll
    static void seed() throws IOException {
        layout = OciLayout.create(shared.resolve("layout"));
        TestImages.Layer base = TestImages.Layer.of(TestImages.tar(TestRootfs.slim("bookworm")));
        Map<String, Object> config = Map.of("Env", List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
                "Cmd", List.of("bash"));
        TestImages.addLayers(layout, "v1", List.of(base), config);
        Path v2 = Files.createDirectories(shared.resolve("v2/etc"));
        Files.writeString(v2.resolve("racker-test-v2"), "second base\n");
        TestImages.addLayers(layout, "v2", List.of(base, TestImages.Layer.of(TestImages.tar(shared.resolve("v2")))),
                config);
        // apt pointed at a closed loopback port: its mirror is unreachable, as behind a dead proxy
        Path closed = Files.createDirectories(shared.resolve("closed/etc/apt"));
        Files.writeString(closed.resolve("sources.list"), "deb http://127.0.0.1:9/debian bookworm main\n");
        TestImages.addLayers(layout, "closed", List.of(base, TestImages.Layer.of(TestImages.tar(shared.resolve("closed")))),
                config);
        TestImages.add(layout, "busybox", List.of(TestRootfs.busybox()), Map.of("Env", List.of("PATH=/bin"),
                "Cmd", List.of("sh")));
        registry = LocalRegistry.builder(shared.resolve("registry")).start();
        registry.seed(layout.dir(), "v1", "test/slim:bookworm");
        registry.seed(layout.dir(), "closed", "test/closed:bookworm");
        registry.seed(layout.dir(), "busybox", "test/busybox:v1");
        slim = registry.hostPort() + "/test/slim:bookworm";
        broken = registry.hostPort() + "/test/closed:bookworm";
        busybox = registry.hostPort() + "/test/busybox:v1";
        sharedRacker = new RackerProcess(Files.createDirectories(shared.resolve("state")));
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void shareState() {
        racker = sharedRacker;
    }

    @AfterEach
    void nothingLeftUnderTheSharedRoot() {
        assertThat(HostLeaks.underStateRoot(sharedRacker.stateRoot())).isEmpty();
        assertThat(HostLeaks.liveRecords(sharedRacker.stateRoot())).isEmpty();
        assertThat(workDirectories()).isEmpty();
    }

    @Test
    @Order(1)
    void firstRunsMakeTheImageBootableOnceThenBootIt() {
        // two first runs at once: one provisions, the other waits for it and boots the same image
        List<CompletableFuture<RackerProcess.Result>> runs = List.of(
                CompletableFuture.supplyAsync(() -> racker.run("run", "--rm", "--name", marker + "-a", slim,
                        "test", "-d", "/run/systemd/system")),
                CompletableFuture.supplyAsync(() -> racker.run("run", "--rm", "--name", marker + "-b", slim,
                        "test", "-d", "/run/systemd/system")));
        for (CompletableFuture<RackerProcess.Result> future : runs) {
            RackerProcess.Result run = future.join();
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.stdout()).isEmpty();
        }
        assertThat(runs.stream().map(f -> f.join().stderr())
                .filter(e -> e.contains("provisioning " + slim + " for booting (apt): installing systemd")))
                .hasSize(1);
        assertThat(bootableImages()).hasSize(1);
        RackerProcess.Result images = racker.run("images", "--format", "{{.Repository}}:{{.Tag}}");
        assertThat(images.stdout().lines()).contains(registry.hostPort() + "/test/slim:bookworm",
                registry.hostPort() + "/test/slim:bookworm+boot");
    }

    @Test
    @Order(2)
    void laterRunsBootTheSameImageWithoutProvisioning() {
        RackerProcess.Result run = racker.run("--verbose", "run", "--rm", "--name", marker, slim,
                "systemctl", "is-system-running", "--wait");
        assertThat(run.stdout()).as(run.toString()).matches("(running|degraded)\n");
        assertThat(run.stderr()).doesNotContain("provisioning " + slim).contains("booting its bootable image");
        assertThat(bootableImages()).hasSize(1);

        RackerProcess.Result detached = racker.run("run", "-d", "--name", marker, slim);
        assertThat(detached.exitCode()).as(detached.toString()).isZero();
        RackerProcess.Result inspect = racker.run("inspect", "-f",
                "{{.Mode}} {{.DerivedFrom.Image}} {{.DerivedFrom.Digest}} {{.DerivedFrom.PackageManager}}", marker);
        assertThat(inspect.stdout()).as(inspect.toString())
                .matches("boot \\S+/test/slim:bookworm sha256:[0-9a-f]{64} apt\n");
        assertThat(racker.run("rm", "-f", marker).exitCode()).isZero();
        RackerProcess.Result image = racker.run("image", "inspect", slim + "+boot");
        assertThat(image.exitCode()).as(image.toString()).isZero();
        assertThat(image.stdout()).contains("\"RepoTags\" : [ \"" + registry.hostPort() + "/test/slim:bookworm+boot\" ]")
                .contains("\"PackageManager\" : \"apt\"").contains("apt-get update -q");
    }

    @Test
    @Order(3)
    void theLibraryBootsTheRegistryImageToo() throws Exception {
        Racker library = Racker.withRoot(sharedRacker.stateRoot());
        ResolvedImage resolved = library.resolve(Image.named(slim), PullPolicy.NEVER, ContainerConfig.Mode.AUTO);
        assertThat(resolved.derivedFrom()).matches(".*/test/slim:bookworm@sha256:[0-9a-f]{64}");
        assertThat(library.resolve(Image.named(slim), PullPolicy.NEVER, ContainerConfig.Mode.APP).derivedFrom()).isNull();
        try (Container container = library.start(ContainerConfig.builder(Image.named(slim)).name(marker)
                .bootProfile(ContainerConfig.BootProfile.TEST).build())) {
            ExecResult running = container.exec("systemctl", "is-system-running", "--wait");
            assertThat(new String(running.stdout(), StandardCharsets.UTF_8)).matches("(running|degraded)\n");
        }
        assertThat(bootableImages()).hasSize(1);
    }

    @Test
    @Order(4)
    void modeAppRunsTheImageAsDockerDoes() {
        RackerProcess.Result run = racker.run("run", "--rm", "--mode", "app", "--name", marker, slim,
                "sh", "-c", "test -d /run/systemd/system || echo no systemd");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).isEqualTo("no systemd\n");
    }

    @Test
    @Order(5)
    void aNewBaseUnderTheSameTagIsMadeBootableAgain() {
        registry.seed(layout.dir(), "v2", "test/slim:bookworm");
        RackerProcess.Result run = racker.run("run", "--rm", "--pull", "always", "--name", marker, slim,
                "sh", "-c", "cat /etc/racker-test-v2 && test -d /run/systemd/system");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).isEqualTo("second base\n");
        assertThat(run.stderr()).contains("provisioning " + slim + " for booting");
        assertThat(bootableImages()).hasSize(2);
        // the one made from the old base is dangling, as docker shows an untagged image
        assertThat(racker.run("images", "--format", "{{.Repository}}:{{.Tag}}").stdout().lines())
                .containsOnlyOnce(registry.hostPort() + "/test/slim:bookworm+boot")
                .contains(registry.hostPort() + "/test/slim:<none>");
    }

    @Test
    @Order(6)
    void rmiRemovesTheBootableImages() {
        RackerProcess.Result rmi = racker.run("rmi", slim + "+boot");
        assertThat(rmi.exitCode()).as(rmi.toString()).isZero();
        assertThat(rmi.stdout()).contains("Untagged: " + slim + "+boot").contains("Deleted: sha256:");
        assertThat(bootableImages()).isEmpty();
        assertThat(racker.run("images", "--format", "{{.Tag}}").stdout()).doesNotContain("+boot");
        assertThat(racker.run("rmi", slim + "+boot").exitCode()).isEqualTo(1);
    }

    @Test
    @Order(7)
    void anImageOfNoKnownFamilyRunsAsAnApp() {
        RackerProcess.Result run = racker.run("--verbose", "run", "--rm", "--name", marker, busybox, "echo", "hi");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).isEqualTo("hi\n");
        assertThat(run.stderr()).contains(busybox + " has no systemd and it has no /etc/os-release naming a distribution:"
                + " running it as an application container");
        RackerProcess.Result boot = racker.run("run", "--rm", "--mode", "boot", "--name", marker, busybox, "echo", "hi");
        assertThat(boot.exitCode()).as(boot.toString()).isEqualTo(125);
        assertThat(boot.stdout()).isEmpty();
        assertThat(boot.stderr().strip().lines()).singleElement().asString()
                .contains("cannot boot " + busybox).contains("no /etc/os-release").contains("--mode app");
        assertThat(bootableImages()).isEmpty();
    }

    @Test
    @Order(8)
    void aFailedProvisioningLeavesNoImageAndSaysWhy() {
        RackerProcess.Result run = racker.run("run", "--rm", "--name", marker, broken, "true");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(125);
        assertThat(run.stdout()).isEmpty();
        List<String> errors = run.stderr().lines().filter(l -> l.startsWith("racker:")).toList();
        assertThat(errors).as(run.stderr()).singleElement().asString()
                .contains("provisioning " + broken).contains("apt-get").contains("failed with exit status");
        assertThat(bootableImages()).isEmpty();
        assertThat(racker.run("images", "--format", "{{.Tag}}").stdout()).doesNotContain("+boot");
    }

    @Test
    @Order(9)
    void rackerKilledWhileProvisioningLeavesNoContainerAndNoImage() throws Exception {
        Process run = racker.start("run", "--rm", "--name", marker, slim, "true");
        try {
            long deadline = System.nanoTime() + java.time.Duration.ofMinutes(3).toNanos();
            while (HostLeaks.underStateRoot(sharedRacker.stateRoot()).stream().noneMatch(l -> l.contains("systemd-nspawn"))) {
                assertThat(run.isAlive()).as("racker still provisioning").isTrue();
                assertThat(System.nanoTime()).as("provisioning started").isLessThan(deadline);
                Thread.sleep(50);
            }
        } finally {
            run.destroyForcibly().waitFor();
        }
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (!HostLeaks.underStateRoot(sharedRacker.stateRoot()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(HostLeaks.underStateRoot(sharedRacker.stateRoot())).isEmpty();
        assertThat(bootableImages()).isEmpty();
        // the dead run's work directory goes with the next provisioning (this one fails at once)
        assertThat(workDirectories()).hasSize(1);
        assertThat(racker.run("run", "--rm", "--name", marker, broken, "true").exitCode()).isEqualTo(125);
    }

    private List<Path> bootableImages() {
        return entries(sharedRacker.stateRoot().resolve("bootable")).stream()
                .filter(p -> !p.getFileName().toString().startsWith(".")).toList();
    }

    private List<Path> workDirectories() {
        return entries(sharedRacker.stateRoot().resolve("bootable/.work"));
    }

    private static List<Path> entries(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

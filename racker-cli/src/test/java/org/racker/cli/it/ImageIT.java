package org.racker.cli.it;

import org.racker.testing.TestRootfs;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.registry.LocalRegistry;
import org.racker.registry.OciLayout;

/**
 * {@code racker pull / images / image inspect / rmi} and {@code run IMAGE} against a real
 * registry (Debian's docker-registry on 127.0.0.1), seeded with skopeo from a layout of two
 * layers: the busybox root, then a layer that adds a file and the config's defaults.
 */
@Tag("integration")
class ImageIT extends IsolatedRackerTest {
    @TempDir
    static Path shared;

    static LocalRegistry registry;
    static String image;
    static OciLayout layout;

    @BeforeAll
    static void seed() throws IOException {
        Path extra = Files.createDirectories(shared.resolve("extra/srv/app"));
        Files.writeString(extra.resolve("greeting"), "hello from layer two\n");
        layout = OciLayout.create(shared.resolve("layout"));
        TestImages.add(layout, "v1", List.of(TestRootfs.busybox(), shared.resolve("extra")), Map.of(
                "Env", List.of("PATH=/bin", "GREETING_FILE=/srv/app/greeting"),
                "Cmd", List.of("sh", "-c", "cat $GREETING_FILE; pwd"),
                "WorkingDir", "/srv/app",
                "ExposedPorts", Map.of("8080/tcp", Map.of())));
        TestImages.add(layout, "v2", List.of(TestRootfs.busybox()), Map.of("Cmd", List.of("true")));
        registry = LocalRegistry.builder(shared.resolve("registry")).start();
        registry.seed(layout.dir(), "v1", "test/busybox:v1");
        image = registry.hostPort() + "/test/busybox:v1";
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void rmiRefusesAnImageContainersUseUnlessForcedAndNeverUnderARunningOne() {
        assertThat(racker.run("pull", image).exitCode()).isZero();
        assertThat(racker.run("run", "--name", marker, image).exitCode()).isZero();
        RackerProcess.Result refused = racker.run("rmi", image);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).startsWith("racker: conflict: unable to remove repository reference \"" + image
                + "\" (must force) - container ").hasLineCount(1);
        assertThat(racker.run("images", "-q").stdout()).as("nothing removed").isNotEmpty();

        RackerProcess.Result started = racker.run("run", "-d", "--name", marker + "-up", image, "sleep", "600");
        assertThat(started.exitCode()).as(started.toString()).isZero();
        RackerProcess.Result running = racker.run("rmi", "-f", image);
        assertThat(running.exitCode()).isEqualTo(1);
        assertThat(running.stderr()).contains("(cannot be forced) - image is being used by running container");
        assertThat(racker.run("run", "--rm", "--name", marker + "-more", image, "true").exitCode())
                .as("the image is whole").isZero();
        assertThat(racker.run("rm", "-f", marker + "-up").exitCode()).isZero();

        RackerProcess.Result forced = racker.run("rmi", "-f", image);
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(forced.stdout()).contains("Untagged: " + image).contains("Deleted: sha256:");
        assertThat(racker.run("images", "-q").stdout()).isEmpty();
        assertThat(racker.run("rm", marker).exitCode()).isZero();
    }

    @Test
    void pruneRemovesDanglingImagesThenThoseNoContainerUses() {
        String moving = registry.hostPort() + "/test/prune-" + marker + ":latest";
        registry.seed(layout.dir(), "v1", "test/prune-" + marker + ":latest");
        assertThat(racker.run("pull", moving).exitCode()).isZero();
        String first = racker.run("images", "-q").stdout().strip();
        registry.seed(layout.dir(), "v2", "test/prune-" + marker + ":latest");
        assertThat(racker.run("pull", moving).exitCode()).isZero();
        assertThat(racker.run("images", "-a", "-q").stdout().lines()).as("the first image, now untagged, stays")
                .hasSize(2);
        assertThat(racker.run("run", "--name", marker, moving).exitCode()).isZero();

        RackerProcess.Result dangling = racker.run("image", "prune", "-f");
        assertThat(dangling.exitCode()).as(dangling.toString()).isZero();
        assertThat(dangling.stdout()).startsWith("Deleted Images:\ndeleted: sha256:" + first).contains("\n\nTotal reclaimed space: ")
                .doesNotEndWith("space: 0B\n");
        assertThat(racker.run("images", "-a", "-q").stdout().lines()).hasSize(1);
        assertThat(racker.run("image", "prune", "-a", "-f").stdout()).as("a stopped container's image stays")
                .isEqualTo("Total reclaimed space: 0B\n");

        RackerProcess.Result asked = racker.run("n\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), "system", "prune", "-a");
        assertThat(asked.stdout()).contains("WARNING! This will remove:\n  - all stopped containers\n");
        assertThat(racker.run("ps", "-aq").stdout()).as("answered no: nothing removed").isNotBlank();

        RackerProcess.Result system = racker.run("system", "prune", "-a", "-f");
        assertThat(system.exitCode()).as(system.toString()).isZero();
        assertThat(system.stdout()).startsWith("Deleted Containers:\n").contains("\n\nDeleted Images:\nuntagged: "
                + moving + "\ndeleted: sha256:");
        assertThat(racker.run("ps", "-aq").stdout()).isEmpty();
        assertThat(racker.run("images", "-a", "-q").stdout()).isEmpty();
    }

    @Test
    void pullListInspectRemove() throws IOException {
        RackerProcess.Result pull = racker.run("pull", image);
        assertThat(pull.exitCode()).as(pull.toString()).isZero();
        assertThat(pull.stdout()).contains("pulled " + image);
        RackerProcess.Result images = racker.run("images");
        assertThat(images.stdout()).contains(registry.hostPort() + "/test/busybox").contains("v1");
        assertThat(racker.run("images", "--format", "{{.Repository}}:{{.Tag}}").stdout())
                .isEqualTo(registry.hostPort() + "/test/busybox:v1\n");
        assertThat(racker.run("images", "-a", "--format", "json").stdout()).startsWith("{\"Containers\":\"N/A\"")
                .contains("\"Tag\":\"v1\"").endsWith("}\n");
        RackerProcess.Result inspect = racker.run("image", "inspect", image);
        assertThat(inspect.exitCode()).isZero();
        assertThat(inspect.stdout()).contains("\"Digest\" : \"sha256:").contains("GREETING_FILE").contains("\"Layers\"");
        assertThat(blobs()).hasSize(4); // two layers, the config and the manifest
        RackerProcess.Result again = racker.run("pull", image);
        assertThat(again.stdout()).contains("image is up to date");
        RackerProcess.Result rmi = racker.run("rmi", image);
        assertThat(rmi.exitCode()).as(rmi.toString()).isZero();
        assertThat(rmi.stdout()).contains("Untagged: " + image).contains("Deleted: sha256:");
        assertThat(blobs()).isEmpty();
        assertThat(racker.run("images", "-q").stdout()).isEmpty();
        assertThat(racker.run("rmi", image).exitCode()).isEqualTo(1);
    }

    @Test
    void runPullsWhenMissingAndAppliesTheImageConfig() {
        RackerProcess.Result run = racker.run("run", "--rm", "--name", marker, image);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).isEqualTo("hello from layer two\n/srv/app\n");
        assertThat(run.stderr()).contains("Unable to find image");
        RackerProcess.Result override = racker.run("run", "--rm", "--name", marker, "-e", "GREETING_FILE=/etc/hostname",
                "-w", "/", image, "sh", "-c", "echo $PATH; pwd");
        assertThat(override.stdout()).isEqualTo("/bin\n/\n");
    }

    @Test
    void publishAllTakesTheImagesExposedPorts() {
        // an app image cannot have the private network published ports need: the refusal shows
        // that -P found the image's port, where a plain run publishes nothing and runs
        RackerProcess.Result all = racker.run("run", "--rm", "--name", marker, "-P", image);
        assertThat(all.exitCode()).as(all.toString()).isEqualTo(125);
        assertThat(all.stderr()).contains("racker: cannot publish ports of ")
                .endsWith(": published ports need a private network, which needs a container that boots (systemd in"
                        + " the root)\n");
        assertThat(racker.run("run", "--rm", "--name", marker, image).exitCode()).isZero();
    }

    @Test
    void concurrentPullsOfOneImageBothSucceed() {
        List<CompletableFuture<RackerProcess.Result>> pulls = List.of(
                CompletableFuture.supplyAsync(() -> racker.run("pull", "-q", image)),
                CompletableFuture.supplyAsync(() -> racker.run("pull", "-q", image)));
        for (CompletableFuture<RackerProcess.Result> pull : pulls) {
            RackerProcess.Result r = pull.join();
            assertThat(r.exitCode()).as(r.toString()).isZero();
        }
        assertThat(pulls.get(0).join().stdout()).isEqualTo(pulls.get(1).join().stdout());
        assertThat(racker.run("images", "-q").stdout().lines().count()).isEqualTo(1);
    }

    @Test
    void unknownImageIsAClearErrorAndLeavesNothing() throws IOException {
        RackerProcess.Result r = racker.run("pull", registry.hostPort() + "/test/missing:v1");
        assertThat(r.exitCode()).isEqualTo(125);
        assertThat(r.stderr()).contains("test/missing");
        assertThat(r.stderr().strip().lines().count()).isEqualTo(1);
        assertThat(blobs()).isEmpty();
        Path tmp = state.resolve("images/tmp");
        if (Files.exists(tmp)) {
            try (Stream<Path> s = Files.list(tmp)) {
                assertThat(s.count()).isZero();
            }
        }
    }

    List<Path> blobs() throws IOException {
        Path dir = state.resolve("images/blobs/sha256");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}

package org.racker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.ImageNotFoundException;
import org.racker.host.HostInfo;
import org.racker.image.Platform;
import org.racker.registry.LocalRegistry;
import org.racker.registry.OciLayout;
import org.racker.registry.TarBuilder;

/**
 * {@link Images} and {@link Pruner} against a real registry (docker-registry on loopback,
 * seeded by skopeo) and a fresh state root per test: what a pull reports to its
 * {@link PullListener}, and how list, inspect, remove and prune see the image it stored.
 */
@Tag("integration")
class ImagesIT {
    @TempDir
    static Path shared;
    static LocalRegistry registry;
    static String reference;

    @TempDir
    Path root;

    @BeforeAll
    static void seed() throws IOException {
        Assumptions.assumeTrue(HostInfo.runsAsRoot(), "unpacking layers needs root");
        OciLayout layout = OciLayout.create(shared.resolve("layout"));
        layout.tag("v1", layout.addImage(Platform.host(), List.of(new TarBuilder().directory("etc", 0755)
                .file("etc/os-release", "ID=racker\n"), new TarBuilder().file("app", "one\n")), "sh"));
        registry = LocalRegistry.builder(shared.resolve("registry")).start();
        registry.seed(layout.dir(), "v1", "api/app:v1");
        reference = registry.hostPort() + "/api/app:v1";
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    /** Every call, as text, in order. */
    static final class Recorder implements PullListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void resolved(String ref, String manifestDigest, int layers) {
            events.add("resolved " + ref + " " + manifestDigest + " " + layers);
        }

        @Override
        public void layerExists(String digest, long size) {
            events.add("exists " + digest);
        }

        @Override
        public void layerDownloaded(String digest, long size) {
            events.add("downloaded " + digest + " " + size);
        }

        @Override
        public void unpacking(int layers) {
            events.add("unpacking " + layers);
        }

        @Override
        public void done(String source, String manifestDigest, boolean alreadyPresent) {
            events.add("done " + source + " " + manifestDigest + " " + alreadyPresent);
        }
    }

    private Racker racker(PullListener listener) {
        return Racker.builder().root(root).pullProgress(listener).build();
    }

    @Test
    void aPullReportsItsLayersAndTheListShowsTheImage() throws Exception {
        Recorder first = new Recorder();
        String id = racker(first).images().pull(reference, null);
        assertThat(first.events).hasSize(5);
        assertThat(first.events.get(0)).startsWith("resolved ").endsWith(" 2");
        assertThat(first.events.subList(1, 3)).allSatisfy(e -> assertThat(e).matches("downloaded sha256:[0-9a-f]{64} \\d+"));
        assertThat(first.events.get(3)).isEqualTo("unpacking 2");
        assertThat(first.events.get(4)).matches("done docker://" + reference.replace(".", "\\.")
                + " sha256:[0-9a-f]{64} false");

        Recorder again = new Recorder();
        assertThat(racker(again).images().pull(reference, null)).isEqualTo(id);
        assertThat(again.events.get(again.events.size() - 1)).endsWith(" true");

        List<ImageSummary> all = Racker.withRoot(root).images().list(ImageFilter.ALL);
        assertThat(all).hasSize(1);
        ImageSummary image = all.get(0);
        assertThat(image.id()).isEqualTo(id);
        assertThat(image.reference()).contains(reference);
        assertThat(image.repository()).contains(registry.hostPort() + "/api/app");
        assertThat(image.tag()).contains("v1");
        assertThat(image.manifestDigest().orElseThrow()).startsWith("sha256:");
        assertThat(image.bootable()).isFalse();
        assertThat(image.size()).isPositive();
        assertThat(Racker.withRoot(root).images().list(ImageFilter.reference(registry.hostPort() + "/api/app")))
                .containsExactly(image);
        assertThat(Racker.withRoot(root).images().list(ImageFilter.reference(registry.hostPort() + "/api/app:v2")))
                .isEmpty();
    }

    @Test
    void inspectThenRemoveByReference() throws Exception {
        Images images = Racker.withRoot(root).images();
        String id = images.pull(reference, null);
        List<JsonNode> inspected = images.inspect(reference);
        assertThat(inspected).hasSize(1);
        assertThat(inspected.get(0).get("Id").asText()).isEqualTo("sha256:" + id);
        assertThat(inspected.get(0).get("RepoTags").get(0).asText()).isEqualTo(reference);
        assertThat(Path.of(inspected.get(0).get("Rootfs").asText()).resolve("app")).hasContent("one");
        assertThat(images.inspect(id.substring(0, 12))).isEqualTo(inspected);

        assertThat(images.remove(reference, false)).containsExactly(
                new RemoveResult(List.of(reference), java.util.Optional.of(id), java.util.Optional.empty()));
        assertThatThrownBy(() -> images.inspect(reference)).isInstanceOf(ImageNotFoundException.class)
                .hasMessageContaining(reference);
        assertThatThrownBy(() -> images.remove(reference, false)).isInstanceOf(ImageNotFoundException.class);
        assertThat(images.list(ImageFilter.ALL)).isEmpty();
    }

    @Test
    void pruneKeepsTaggedImagesUnlessAllAreAsked() throws Exception {
        Racker racker = Racker.withRoot(root);
        String id = racker.images().pull(reference, null);
        assertThat(racker.pruner().images(false)).isEqualTo(new PruneResult(List.of(), 0));
        assertThat(racker.pruner().containers()).isEqualTo(new PruneResult(List.of(), 0));

        PruneResult all = racker.pruner().images(true);
        assertThat(all.items()).containsExactly(new PruneResult.Item(PruneResult.Action.UNTAGGED, reference),
                new PruneResult.Item(PruneResult.Action.DELETED, "sha256:" + id));
        assertThat(all.reclaimedBytes()).isPositive();
        assertThat(racker.images().list(ImageFilter.ALL)).isEmpty();
        try (var left = Files.list(root.resolve("images/roots"))) {
            assertThat(left).isEmpty();
        }
    }
}

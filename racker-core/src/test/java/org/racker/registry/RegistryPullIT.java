package org.racker.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.image.Digest;
import org.racker.image.ImageReference;
import org.racker.image.MediaType;
import org.racker.image.Platform;
import org.racker.image.json.Descriptor;
import org.racker.image.json.ImageConfig;
import org.racker.image.json.ImageJson;

/** Pulling from a real docker-registry on loopback, seeded by skopeo from layouts built here. */
@Tag("integration")
class RegistryPullIT {
    static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50));
    private static final Platform AMD64 = Platform.of("linux", "amd64", "");
    private static final Platform ARM64 = Platform.of("linux", "arm64", "v8");

    @TempDir
    static Path work;
    static LocalRegistry registry;
    static OciLayout layout;
    static Descriptor single;
    static Descriptor amd64;
    static Descriptor arm64;
    static Descriptor tamperedManifest;

    private final RegistryClient client = RegistryClient.builder()
            .credentials(CredentialStore.none()).retryPolicy(FAST).build();

    @BeforeAll
    static void seed() {
        layout = OciLayout.create(work.resolve("layout"));
        single = layout.addImage(AMD64, List.of(
                new TarBuilder().directory("etc", 0755).file("etc/os-release", "ID=racker\n"),
                new TarBuilder().file("hello.txt", "hello from layer two\n")), "/bin/sh", "-c", "echo hi");
        amd64 = layout.addImage(AMD64, List.of(new TarBuilder().file("arch", "amd64\n")), "amd64");
        arm64 = layout.addImage(ARM64, List.of(new TarBuilder().file("arch", "arm64\n")), "arm64");
        layout.tag("single", single);
        layout.tag("multi", layout.addIndex(List.of(amd64, arm64)));
        Descriptor tamper = layout.addImage(AMD64, List.of(new TarBuilder().file("victim", "x".repeat(5000))), "t");
        layout.tag("tamper", tamper);
        tamperedManifest = layout.addImage(AMD64, List.of(new TarBuilder().file("m", "manifest victim\n")), "m");
        layout.tag("tamper-manifest", tamperedManifest);

        registry = LocalRegistry.builder(work.resolve("registry")).start();
        registry.seed(layout.dir(), "single", "team/app:v1");
        registry.seed(layout.dir(), "single", "team/app-docker:v1", true);
        registry.seed(layout.dir(), "multi", "team/multi:v1");
        registry.seed(layout.dir(), "multi", "team/multi-docker:v1", true);
        registry.seed(layout.dir(), "tamper", "team/tampered:v1");
        registry.seed(layout.dir(), "tamper-manifest", "team/tampered-manifest:v1");
        registry.seed(layout.dir(), "single", "library/mirrored:v1");
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private ImageReference ref(String repositoryAndTag) throws Exception {
        return ImageReference.parse(registry.hostPort() + "/" + repositoryAndTag);
    }

    @Test
    void pullsManifestConfigAndLayersVerified() throws Exception {
        ImageReference ref = ref("team/app:v1");
        ResolvedImage image = client.resolve(ref, AMD64);
        assertThat(image.index()).isEmpty();
        assertThat(image.manifest().mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
        assertThat(image.manifest().digest()).isEqualTo(single.digest());
        assertThat(image.repoDigest()).isEqualTo(single.digest());

        ImageConfig config = ImageJson.read(client.pullBlobBytes(ref, image.imageManifest().config()), ImageConfig.class);
        assertThat(config.config().cmd()).containsExactly("/bin/sh", "-c", "echo hi");
        assertThat(config.rootfs().diffIds()).hasSize(2);

        Path blobs = work.resolve("pulled");
        for (Descriptor layer : image.imageManifest().layers()) {
            Path target = blobs.resolve(layer.digest().hex());
            client.pullBlob(ref, layer, target);
            assertThat(Files.readAllBytes(target)).isEqualTo(layout.blob(layer.digest()));
        }
        assertThat(blobs.toFile().list()).as("no temporary files left").hasSize(2);
    }

    @Test
    void pullsIntoAnOutputStreamWithProgress() throws Exception {
        ImageReference ref = ref("team/app:v1");
        Descriptor layer = client.resolve(ref, AMD64).imageManifest().layers().get(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long[] last = new long[2];
        client.pullBlob(ref, layer, out, (received, total) -> {
            last[0] = received;
            last[1] = total;
        });
        assertThat(out.toByteArray()).isEqualTo(layout.blob(layer.digest()));
        assertThat(last).containsExactly(layer.size(), layer.size());
    }

    @Test
    void dockerSchema2MediaTypes() throws Exception {
        ImageReference ref = ref("team/app-docker:v1");
        ResolvedImage image = client.resolve(ref, AMD64);
        assertThat(image.manifest().mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST);
        assertThat(image.imageManifest().config().mediaType()).isEqualTo(MediaType.DOCKER_CONFIG);
        assertThat(image.imageManifest().layers()).extracting(Descriptor::mediaType)
                .containsOnly(MediaType.DOCKER_LAYER_GZIP);
        Descriptor layer = image.imageManifest().layers().get(0);
        client.pullBlob(ref, layer, work.resolve("docker-layer"));
        assertThat(Digest.sha256(Files.readAllBytes(work.resolve("docker-layer")))).isEqualTo(layer.digest());
    }

    @Test
    void ociIndexSelectsEachPlatform() throws Exception {
        ImageReference ref = ref("team/multi:v1");
        ResolvedImage onArm = client.resolve(ref, ARM64);
        assertThat(onArm.index()).hasValueSatisfying(i -> assertThat(i.mediaType()).isEqualTo(MediaType.OCI_INDEX));
        assertThat(onArm.manifest().digest()).isEqualTo(arm64.digest());
        assertThat(onArm.platform()).isEqualTo(ARM64);
        assertThat(client.resolve(ref, Platform.parse("linux/aarch64")).manifest().digest()).isEqualTo(arm64.digest());
        ResolvedImage onAmd = client.resolve(ref, AMD64);
        assertThat(onAmd.manifest().digest()).isEqualTo(amd64.digest());
        assertThat(onAmd.repoDigest()).isEqualTo(onAmd.index().orElseThrow().digest());
    }

    @Test
    void dockerManifestListSelectsPlatform() throws Exception {
        ImageReference ref = ref("team/multi-docker:v1");
        ResolvedImage onArm = client.resolve(ref, ARM64);
        assertThat(onArm.index().orElseThrow().mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST_LIST);
        ImageConfig config = ImageJson.read(client.pullBlobBytes(ref, onArm.imageManifest().config()), ImageConfig.class);
        assertThat(config.architecture()).isEqualTo("arm64");
        assertThat(config.config().cmd()).containsExactly("arm64");
    }

    @Test
    void noMatchingPlatformListsTheAvailableOnes() throws Exception {
        assertThatThrownBy(() -> client.resolve(ref("team/multi:v1"), Platform.parse("linux/s390x")))
                .isInstanceOf(NoMatchingPlatformException.class)
                .hasMessageContaining("no manifest for platform linux/s390x")
                .hasMessageContaining("available: linux/amd64, linux/arm64/v8");
    }

    @Test
    void pullByDigestVerifiesTheManifest() throws Exception {
        ImageReference byDigest = ref("team/multi@" + arm64.digest());
        PulledManifest manifest = client.pullManifest(byDigest);
        assertThat(manifest.digest()).isEqualTo(arm64.digest());
        assertThat(manifest.isIndex()).isFalse();
        assertThat(client.resolve(byDigest, AMD64).manifest().digest())
                .as("a digest naming a manifest is taken as is").isEqualTo(arm64.digest());
    }

    @Test
    void unknownImageTagAndBlobAre404() throws Exception {
        assertThatThrownBy(() -> client.resolve(ref("team/nope:v1"), AMD64))
                .isInstanceOf(RegistryNotFoundException.class)
                .hasMessageStartingWith("pulling manifest of " + registry.hostPort() + "/team/nope:v1 from http://"
                        + registry.hostPort())
                .hasMessageContaining("unknown image");
        assertThatThrownBy(() -> client.resolve(ref("team/app:nope"), AMD64))
                .isInstanceOf(RegistryNotFoundException.class)
                .hasMessageContaining("no tag \"nope\" of " + registry.hostPort() + "/team/app");
        Descriptor missing = Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.sha256("absent".getBytes(StandardCharsets.UTF_8)), 6);
        Path target = work.resolve("missing/blob");
        assertThatThrownBy(() -> client.pullBlob(ref("team/app:v1"), missing, target))
                .isInstanceOf(RegistryNotFoundException.class)
                .hasMessageContaining("unknown blob").hasMessageContaining(missing.digest().toString());
        assertThat(target.getParent().toFile().list()).isEmpty();
    }

    @Test
    void tamperedBlobIsRefusedAndNothingKept() throws Exception {
        ImageReference ref = ref("team/tampered:v1");
        Descriptor layer = client.resolve(ref, AMD64).imageManifest().layers().get(0);
        Path data = registry.blobDataPath(layer.digest());
        byte[] bytes = Files.readAllBytes(data);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(data, bytes);
        Digest tamperedDigest = Digest.sha256(bytes);

        Path dir = Files.createDirectories(work.resolve("tampered"));
        assertThatThrownBy(() -> client.pullBlob(ref, layer, dir.resolve("layer")))
                .isInstanceOfSatisfying(DigestMismatchException.class, e -> {
                    assertThat(e.expected()).isEqualTo(layer.digest());
                    assertThat(e.actual()).isEqualTo(tamperedDigest);
                })
                .hasMessageContaining("expected " + layer.digest())
                .hasMessageContaining("got " + tamperedDigest)
                .hasMessageContaining("nothing was kept");
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void tamperedManifestIsRefusedByTagAndByDigest() throws Exception {
        Path data = registry.blobDataPath(tamperedManifest.digest());
        String manifest = Files.readString(data);
        Files.writeString(data, manifest.replaceFirst("\"layers\"", "\"layerz\""));
        assertThatThrownBy(() -> client.pullManifest(ref("team/tampered-manifest:v1")))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining("expected " + tamperedManifest.digest())
                .hasMessageContaining("Docker-Content-Digest");
        assertThatThrownBy(() -> client.pullManifest(ref("team/tampered-manifest@" + tamperedManifest.digest())))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageStartingWith("pulling manifest of " + registry.hostPort() + "/team/tampered-manifest@")
                .hasMessageContaining("expected " + tamperedManifest.digest());
    }

    @Test
    void mirrorFromRegistriesConfServesDockerHubNames() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort(); // closed again: connections are refused
        }
        RegistriesConfig config = RegistriesConfig.parse("""
                [[registry]]
                prefix = "docker.io"
                location = "docker.io"
                [[registry.mirror]]
                location = "127.0.0.1:%d"
                [[registry.mirror]]
                location = "%s"
                """.formatted(deadPort, registry.hostPort()), "test.conf");
        RegistryClient mirrored = RegistryClient.builder().credentials(CredentialStore.none()).retryPolicy(FAST)
                .registriesConfig(config).build();
        ImageReference ref = ImageReference.parse("mirrored:v1");
        ResolvedImage image = mirrored.resolve(ref, AMD64);
        assertThat(image.manifest().digest()).isEqualTo(single.digest());
        Descriptor layer = image.imageManifest().layers().get(0);
        mirrored.pullBlob(ref, layer, work.resolve("mirrored-layer"));
        assertThat(Files.readAllBytes(work.resolve("mirrored-layer"))).isEqualTo(layout.blob(layer.digest()));
    }
}

package org.racker.registry;

import org.racker.EventLog;
import java.util.concurrent.CopyOnWriteArrayList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.image.ImageReference;
import org.racker.image.Platform;
import org.racker.image.json.Descriptor;

/**
 * Retries, resumption and redirects against the real registry (with htpasswd auth), with a
 * {@link FaultInjectingProxy} in front of it to make the faults a registry will not make on demand.
 */
@Tag("integration")
class RegistryFaultIT {
    private static final Platform AMD64 = Platform.of("linux", "amd64", "");

    @TempDir
    static Path work;
    static LocalRegistry registry;
    static OciLayout layout;
    static Descriptor bigLayer;

    @TempDir
    Path testDir;
    FaultInjectingProxy proxy;
    RegistryClient client;
    ImageReference ref;

    @BeforeAll
    static void seed() {
        layout = OciLayout.create(work.resolve("layout"));
        byte[] noise = new byte[256 * 1024];
        new Random(42).nextBytes(noise); // incompressible: the layer stays big
        Descriptor image = layout.addImage(AMD64, List.of(new TarBuilder().file("noise.bin", 0644, noise)), "x");
        layout.tag("big", image);
        registry = LocalRegistry.builder(work.resolve("registry")).basicAuth().start();
        registry.seed(layout.dir(), "big", "team/big:v1");
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void startProxy() throws Exception {
        proxy = FaultInjectingProxy.start(registry.port());
        Path authFile = testDir.resolve("auth.json");
        Files.writeString(authFile, "{\"auths\":{\"" + proxy.hostPort() + "\":{\"auth\":\""
                + basic() + "\"}}}");
        client = RegistryClient.builder().credentials(CredentialStore.of(List.of(authFile)))
                .retryPolicy(RegistryPullIT.FAST).build();
        ref = ImageReference.parse(proxy.hostPort() + "/team/big:v1");
        // Answers the auth challenge once, so that faults hit the requests under test, not the 401.
        bigLayer = client.resolve(ref, AMD64).imageManifest().layers().get(0);
        proxy.clearRequests();
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    private static String basic() {
        return Base64.getEncoder().encodeToString((LocalRegistry.USER + ":" + LocalRegistry.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
    }

    private List<FaultInjectingProxy.RecordedRequest> requestsTo(String pathPart) {
        return proxy.requests().stream().filter(r -> r.target().contains(pathPart)).toList();
    }

    @Test
    void serverErrorsThenSuccess() throws Exception {
        proxy.failNext("/manifests/", 2, 500);
        ResolvedImage image = client.resolve(ref, AMD64);
        assertThat(image.imageManifest().layers()).hasSize(1);
        assertThat(proxy.allFaultsUsed()).isTrue();
        assertThat(requestsTo("/manifests/")).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void serverErrorsExhaustTheAttempts() {
        proxy.failNext("/manifests/", 10, 503);
        assertThatThrownBy(() -> client.resolve(ref, AMD64))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("pulling manifest of " + ref + " from http://" + proxy.hostPort())
                .hasMessageContaining("answered 503 (UNKNOWN: injected fault) 3 times");
        assertThat(requestsTo("/manifests/")).hasSize(3);
    }

    @Test
    void droppedConnectionMidBlobResumesWithRange() throws Exception {
        proxy.dropNext("/blobs/" + bigLayer.digest(), 100_000);
        Path target = testDir.resolve("blobs/layer");
        client.pullBlob(ref, bigLayer, target);
        assertThat(Files.readAllBytes(target)).isEqualTo(layout.blob(bigLayer.digest()));
        List<FaultInjectingProxy.RecordedRequest> blobRequests = requestsTo("/blobs/" + bigLayer.digest());
        assertThat(blobRequests).hasSizeGreaterThanOrEqualTo(2);
        assertThat(blobRequests.get(0).headers()).doesNotContainKey("range");
        assertThat(blobRequests.get(blobRequests.size() - 1).headers().get("range")).matches("bytes=[1-9][0-9]*-");
        assertThat(target.getParent().toFile().list()).containsExactly("layer");
    }

    @Test
    void droppedConnectionWithoutRangeSupportStartsOverAndSkips() throws Exception {
        proxy.dropNext("/blobs/" + bigLayer.digest(), 100_000).ignoreRangeNext("/blobs/" + bigLayer.digest(), 10);
        Path target = testDir.resolve("layer");
        client.pullBlob(ref, bigLayer, target);
        assertThat(Files.readAllBytes(target)).isEqualTo(layout.blob(bigLayer.digest()));
    }

    @Test
    void droppedOnEveryAttemptFailsAndKeepsNothing() throws Exception {
        for (int i = 0; i < 3; i++) {
            proxy.dropNext("/blobs/" + bigLayer.digest(), 1000);
        }
        proxy.ignoreRangeNext("/blobs/", 10); // no progress from one attempt to the next
        Path dir = Files.createDirectories(testDir.resolve("blobs"));
        assertThatThrownBy(() -> client.pullBlob(ref, bigLayer, dir.resolve("layer")))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("pulling blob " + bigLayer.digest())
                .hasMessageContaining("(after 3 attempts)");
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void redirectToBlobStorageCarriesNoRegistryAuthorization() throws Exception {
        proxy.redirectNext("/blobs/" + bigLayer.digest(), 1, "Basic " + basic());
        Path target = testDir.resolve("layer");
        client.pullBlob(ref, bigLayer, target);
        assertThat(Files.readAllBytes(target)).isEqualTo(layout.blob(bigLayer.digest()));
        List<FaultInjectingProxy.RecordedRequest> blobRequests = requestsTo("/blobs/" + bigLayer.digest());
        assertThat(blobRequests).extracting(FaultInjectingProxy.RecordedRequest::listener)
                .containsExactly("registry", "storage");
        assertThat(blobRequests.get(0).headers()).containsKey("authorization");
        assertThat(blobRequests.get(1).headers()).doesNotContainKey("authorization");
    }

    @Tag("security")
    @Test
    void redirectToAFileUrlIsNamedAndNotFollowed() {
        proxy.redirectNextTo("/blobs/" + bigLayer.digest(), 1, "file:///etc/passwd");
        Path target = testDir.resolve("layer");
        assertThatThrownBy(() -> client.pullBlob(ref, bigLayer, target))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("the registry redirected to a file: URL, which racker does not follow");
        assertThat(requestsTo("/blobs/" + bigLayer.digest())).hasSize(1); // not retried: it would answer the same
        assertThat(target).doesNotExist();
    }

    @Tag("security")
    @Test
    void debugLogShowsASignedUrlWithoutItsSignature() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        EventLog capture = new EventLog() {
            @Override
            public void info(String message) {
                log.add(message);
            }

            @Override
            public void debug(String message) {
                log.add(message);
            }
        };
        RegistryClient logged = RegistryClient.builder().credentials(CredentialStore.of(List.of(testDir.resolve("auth.json"))))
                .retryPolicy(RegistryPullIT.FAST).eventLog(capture).build();
        proxy.redirectNextSigned("/blobs/" + bigLayer.digest(), 1, "Basic " + basic(),
                "X-Amz-Credential=AKIDSECRETCRED&X-Amz-Signature=5ec7e75160a7ba1e");
        logged.pullBlob(ref, bigLayer, testDir.resolve("layer"));
        List<FaultInjectingProxy.RecordedRequest> storage = proxy.requests().stream()
                .filter(r -> r.listener().equals("storage")).toList();
        assertThat(storage).singleElement().satisfies(r -> assertThat(r.target()).contains("X-Amz-Signature=5ec7e75160a7ba1e"));
        assertThat(log).anyMatch(m -> m.contains("X-Amz-Signature=REDACTED")) // the redirect was logged
                .noneMatch(m -> m.contains("5ec7e75160a7ba1e") || m.contains("AKIDSECRETCRED"));
    }
}

package org.racker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.image.Digest;
import org.racker.image.ImageReference;
import org.racker.image.MediaType;
import org.racker.image.Platform;
import org.racker.image.json.Descriptor;
import org.racker.image.json.ImageJson;
import org.racker.image.json.ImageManifest;
import org.racker.layer.LayerUnpackException;
import org.racker.layer.LayerUnpacker;
import org.racker.registry.CredentialStore;
import org.racker.registry.DigestMismatchException;
import org.racker.registry.FaultInjectingProxy;
import org.racker.registry.LocalRegistry;
import org.racker.registry.OciLayout;
import org.racker.registry.RegistryClient;
import org.racker.registry.RetryPolicy;
import org.racker.registry.TarBuilder;
import org.racker.EventLog;

/**
 * {@link ImagePuller} end to end: a real docker-registry on loopback, seeded by skopeo from
 * layouts built here, pulled into a fresh store per test. Covers what only the whole pull can
 * show: hostile layers refused with the host untouched and nothing committed, a tampered blob
 * kept out of the store, layers shared between images, both layer compressions, and platform
 * selection from an index.
 */
@Tag("integration")
class ImagePullerIT {
    private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50));
    private static final Platform AMD64 = Platform.of("linux", "amd64", "");
    private static final Platform ARM64 = Platform.of("linux", "arm64", "v8");
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    /**
     * From the unpack root (STORE/images/tmp/WORK/rootfs) up to the directory holding the store
     * and the canary: a layer that climbed this far would reach the canary.
     */
    private static final String TO_CANARY = "../../../../../canary";

    @TempDir
    static Path shared;
    static LocalRegistry registry;
    static OciLayout layout;
    static Descriptor tampered;
    static byte[] bigNoise;
    static Descriptor big;
    static Descriptor trusted;
    static Descriptor appOne;
    /** Manifests of the images built for the security cases, by tag. */
    static final Map<String, Descriptor> manifests = new java.util.HashMap<>();

    /** Holds the store ({@code store/}) and the canary ({@code canary/}) a hostile layer aims at. */
    @TempDir
    Path temp;
    Path canary;
    ImageStore store;
    ImagePuller puller;

    @BeforeAll
    static void seed() throws IOException {
        Assumptions.assumeTrue(isRoot(), "unpacking layers needs root");
        layout = OciLayout.create(shared.resolve("layout"));
        TarBuilder base = new TarBuilder().directory("etc", 0755).file("etc/os-release", "ID=racker\n")
                .directory("usr", 0755).directory("usr/bin", 0755).file("usr/bin/tool", 0755, bytes("#!/bin/sh\n"))
                .symlink("bin", "usr/bin");

        // (a) one image per form of traversal; the base layer makes them look like real images
        tag("dotdot", AMD64, base, new TarBuilder().file("ok", "fine").file(TO_CANARY + "/victim", "pwned"));
        tag("absolute", AMD64, base, new TarBuilder().file("/tmp/racker-pull-it-absolute", "pwned"));
        tag("symlink", AMD64, base, new TarBuilder().symlink("escape", TO_CANARY).file("escape/victim", "pwned"));
        tag("symlink-layers", AMD64, base, new TarBuilder().symlink("escape", TO_CANARY),
                new TarBuilder().file("escape/new", "pwned"));
        tag("hardlink", AMD64, base, new TarBuilder().hardlink("passwd", "../../etc/passwd"));
        tag("hardlink-canary", AMD64, base, new TarBuilder().hardlink("victim", TO_CANARY + "/victim"));
        // (b)
        tampered = layout.addImage(AMD64, List.of(base, new TarBuilder().file("victim", "t".repeat(20_000))), "t");
        layout.tag("tampered", tampered);
        // (c) two images on one base layer
        appOne = layout.addImage(AMD64, List.of(base, new TarBuilder().file("app", "one\n")), "sh");
        layout.tag("app-one", appOne);
        tag("app-two", AMD64, base, new TarBuilder().file("app", "two\n"));
        // (d) a gzip layer under a zstd one, and a zstd-only image
        layout.tag("mixed", layout.addImage(AMD64, List.of(base, new TarBuilder().file("etc/zstd", "zstd layer\n")),
                List.of(MediaType.OCI_LAYER_GZIP, MediaType.OCI_LAYER_ZSTD), "sh"));
        layout.tag("zstd", layout.addImage(AMD64, List.of(new TarBuilder().file("only", "zstd\n")),
                List.of(MediaType.OCI_LAYER_ZSTD), "sh"));
        // a layer big enough to be cut off in the middle
        byte[] noise = new byte[768 * 1024];
        new java.util.Random(11).nextBytes(noise);
        big = layout.addImage(AMD64, List.of(base, new TarBuilder().file("noise.bin", 0644, noise)
                .file("after", "after noise\n")), "sh");
        layout.tag("big", big);
        bigNoise = noise;
        // (e)
        Descriptor amd64 = layout.addImage(AMD64, List.of(new TarBuilder().file("arch", "amd64\n")), "amd64");
        Descriptor arm64 = layout.addImage(ARM64, List.of(new TarBuilder().file("arch", "arm64\n")), "arm64");
        layout.tag("multi", layout.addIndex(List.of(amd64, arm64)));

        // (f) cache poisoning: "poisoned" reuses the config of "trusted" with a layer of its own,
        // a setuid backdoor in place of the trusted tool
        TarBuilder usrBin = new TarBuilder().directory("usr", 0755).directory("usr/bin", 0755);
        trusted = layout.addImage(AMD64, List.of(base, new TarBuilder().directory("usr", 0755)
                .directory("usr/bin", 0755).file("usr/bin/tool", 0755, bytes("#!/bin/sh\necho trusted\n"))), "sh");
        layout.tag("trusted", trusted);
        ImageManifest trustedManifest = ImageJson.read(layout.blob(trusted.digest()), ImageManifest.class);
        Descriptor backdoor = layout.addBlob(MediaType.OCI_LAYER_GZIP, usrBin
                .file("usr/bin/tool", 04755, bytes("#!/bin/sh\nexec /bin/sh -p\n")).tarGz());
        tagManifest("poisoned", layout.addManifest(AMD64, trustedManifest.config(),
                List.of(trustedManifest.layers().get(0), backdoor)));
        // (g) a layer that is not the one its config's diff_id names, and a diff_id missing
        TarBuilder said = new TarBuilder().file("said", "in the config\n");
        TarBuilder sent = new TarBuilder().file("sent", "in the layer\n");
        tagManifest("wrong-diff-id", layout.addManifest(AMD64,
                layout.addConfig(AMD64, List.of(Digest.sha256(said.tar()).toString()), "sh"),
                List.of(layout.addBlob(MediaType.OCI_LAYER_GZIP, sent.tarGz()))));
        tagManifest("missing-diff-id", layout.addManifest(AMD64,
                layout.addConfig(AMD64, List.of(Digest.sha256(base.tar()).toString()), "sh"),
                List.of(layout.addBlob(MediaType.OCI_LAYER_GZIP, base.tarGz()),
                        layout.addBlob(MediaType.OCI_LAYER_GZIP, sent.tarGz()))));
        // (h) PAX header bombs: global headers, each adding records for every later entry, and
        // extended headers chained onto one entry; both far past what the reader holds
        tagLayer("pax-bomb-global", paxBomb('g', 512, true));
        tagLayer("pax-bomb-chained", paxBomb('x', 64, false));

        // (j) headers Go's archive/tar refuses
        tag("negative-size", AMD64, base, new TarBuilder().paxHeader('x', TarBuilder.paxRecord("size", "-512"))
                .file("negative", "x"));
        tag("uid-overflow", AMD64, base, new TarBuilder().paxHeader('x', TarBuilder.paxRecord("uid", "4294967296"))
                .file("usr/bin/root-by-wraparound", 04755, bytes("x")));

        // (k) a real setuid-root binary: pulled as it is, out of reach of other users
        tag("setuid", AMD64, base, new TarBuilder().file("usr/bin/whoami-root", 04755,
                Files.readAllBytes(Path.of("/usr/bin/id"))));

        registry = LocalRegistry.builder(shared.resolve("registry")).start();
        for (String tag : List.of("dotdot", "absolute", "symlink", "symlink-layers", "hardlink", "hardlink-canary",
                "tampered", "app-one", "app-two", "mixed", "zstd", "multi", "big", "trusted", "poisoned",
                "wrong-diff-id", "missing-diff-id", "pax-bomb-global", "pax-bomb-chained", "negative-size", "uid-overflow", "setuid")) {
            registry.seed(layout.dir(), tag, "it/" + tag + ":v1");
        }
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void freshStore() throws IOException {
        canary = Files.createDirectory(temp.resolve("canary"));
        Files.writeString(canary.resolve("victim"), "host file\n");
        store = new ImageStore(temp.resolve("store"));
        RegistryClient client = RegistryClient.builder().credentials(CredentialStore.none()).retryPolicy(FAST).build();
        puller = new ImagePuller(store, client, new LayerUnpacker(), EventLog.SILENT);
    }

    // --- (a) hostile layers ------------------------------------------------------------------

    @Test
    void dotDotEntryRefused() throws Exception {
        assertRefused("dotdot", TO_CANARY + "/victim", "climb above the image root");
    }

    @Test
    void absoluteEntryRefused() throws Exception {
        assertRefused("absolute", "/tmp/racker-pull-it-absolute", "absolute name");
        assertThat(Path.of("/tmp/racker-pull-it-absolute")).doesNotExist();
    }

    @Test
    void writeThroughEscapingSymlinkRefused() throws Exception {
        assertRefused("symlink", "escape/victim", "refusing to write through the symlink escape");
        assertRefused("symlink-layers", "escape/new", "refusing to write through the symlink escape");
    }

    @Test
    void hardlinkOutOfTheRootRefused() throws Exception {
        assertRefused("hardlink", "passwd", "refusing the hardlink target ../../etc/passwd");
        assertRefused("hardlink-canary", "victim", "climb above the image root");
        assertThat(Files.getAttribute(canary.resolve("victim"), "unix:nlink")).isEqualTo(1);
    }

    // --- (b) a tampered blob -------------------------------------------------------------------

    @Test
    void tamperedBlobLeavesTheStoreIntact() throws Exception {
        Descriptor layer = layerOf(tampered, 1);
        Path data = registry.blobDataPath(layer.digest());
        byte[] bytes = Files.readAllBytes(data);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(data, bytes);

        assertThatThrownBy(() -> puller.pull(ref("tampered"), AMD64, PullProgress.SILENT))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining("expected " + layer.digest())
                .hasMessageContaining("got " + Digest.sha256(bytes));
        assertNoImage("tampered");
        assertThat(store.hasBlob(layer.digest())).as("the tampered blob is not stored").isFalse();
        assertThat(filesUnder(store.base().resolve("blobs"))).as("no partial downloads")
                .noneMatch(p -> p.getFileName().toString().contains("partial"));
    }

    // --- faults while a layer streams into the unpacker -------------------------------------

    @Test
    void droppedConnectionsMidLayerResumeAndTheTreeIsWhole() throws Exception {
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(registry.port())) {
            ImageReference ref = ImageReference.parse(proxy.hostPort() + "/it/big:v1");
            String noiseBlob = "/blobs/" + layerOf(big, 1).digest();
            // cut at 150 kB, resumed and cut again at 450 kB, then sent whole by a server
            // ignoring the Range: the reader following the download must see each byte once
            proxy.dropNext(noiseBlob, 150_000).dropNext(noiseBlob, 300_000).ignoreRangeNext(noiseBlob, 1);
            StoredImage image = puller.pull(ref, AMD64, PullProgress.SILENT);
            assertThat(proxy.allFaultsUsed()).isTrue();
            assertThat(Files.readAllBytes(store.rootfsOf(image).resolve("noise.bin"))).isEqualTo(bigNoise);
            assertThat(store.rootfsOf(image).resolve("after")).hasContent("after noise");
            for (Descriptor layer : image.layers()) {
                assertThat(Digest.sha256(Files.readAllBytes(store.blobPath(layer.digest())))).isEqualTo(layer.digest());
            }
        }
    }

    @Test
    void connectionThatNeverRecoversLeavesNothing() throws Exception {
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(registry.port())) {
            ImageReference ref = ImageReference.parse(proxy.hostPort() + "/it/big:v1");
            String noiseBlob = "/blobs/" + layerOf(big, 1).digest();
            for (int i = 0; i < 10; i++) {
                proxy.dropNext(noiseBlob, 100_000);
            }
            proxy.ignoreRangeNext(noiseBlob, 10); // each attempt starts over: no progress
            assertThatThrownBy(() -> puller.pull(ref, AMD64, PullProgress.SILENT))
                    .isInstanceOf(org.racker.registry.RegistryException.class)
                    .hasMessageContaining("pulling blob");
            assertThat(store.list()).isEmpty();
            assertThat(list(store.base().resolve("tmp"))).as("work directories left").isEmpty();
            assertThat(filesUnder(store.base().resolve("blobs"))).as("partial downloads left")
                    .noneMatch(p -> p.getFileName().toString().endsWith(".partial"));
        }
    }

    // --- (c) shared layers -------------------------------------------------------------------

    @Test
    void sharedLayerStoredOnceAndKeptUntilItsLastImageGoes() throws Exception {
        StoredImage one = puller.pull(ref("app-one"), AMD64, PullProgress.SILENT);
        List<Descriptor> reused = new CopyOnWriteArrayList<>();
        StoredImage two = puller.pull(ref("app-two"), AMD64, new PullProgress() {
            @Override
            public void layerExists(Descriptor layer) {
                reused.add(layer);
            }
        });
        Descriptor baseLayer = one.layers().get(0);
        assertThat(two.layers().get(0)).isEqualTo(baseLayer);
        assertThat(reused).as("the second pull found the base layer in the store").containsExactly(baseLayer);
        assertThat(filesUnder(store.base().resolve("blobs")))
                .filteredOn(p -> p.getFileName().toString().equals(baseLayer.digest().hex())).hasSize(1);
        assertThat(store.rootfsOf(one).resolve("app")).hasContent("one");
        assertThat(store.rootfsOf(two).resolve("app")).hasContent("two");

        ImageStore.Removal removal = store.remove(ref("app-one").toString());
        assertThat(removal.deleted()).isTrue();
        assertThat(store.hasBlob(baseLayer.digest())).as("still used by app-two").isTrue();
        assertThat(store.hasBlob(one.layers().get(1).digest())).as("only app-one used it").isFalse();
        assertThat(store.rootfsOf(two).resolve("etc/os-release")).hasContent("ID=racker");
        assertThat(store.resolve(ref("app-two").toString()).id()).isEqualTo(two.id());

        store.remove(ref("app-two").toString());
        assertThat(store.hasBlob(baseLayer.digest())).isFalse();
        assertThat(store.list()).isEmpty();
    }

    // --- (d) compressions --------------------------------------------------------------------

    @Test
    void gzipAndZstdLayersUnpack() throws Exception {
        StoredImage mixed = puller.pull(ref("mixed"), AMD64, PullProgress.SILENT);
        assertThat(mixed.layers()).extracting(Descriptor::mediaType)
                .containsExactly(MediaType.OCI_LAYER_GZIP, MediaType.OCI_LAYER_ZSTD);
        Path rootfs = store.rootfsOf(mixed);
        assertThat(rootfs.resolve("etc/os-release")).hasContent("ID=racker");
        assertThat(rootfs.resolve("etc/zstd")).hasContent("zstd layer");
        assertThat(Files.readSymbolicLink(rootfs.resolve("bin"))).isEqualTo(Path.of("usr/bin"));
        assertThat(Files.getAttribute(rootfs.resolve("usr/bin/tool"), "unix:mode", NOFOLLOW)).isEqualTo(0100755);

        StoredImage zstd = puller.pull(ref("zstd"), AMD64, PullProgress.SILENT);
        assertThat(store.rootfsOf(zstd).resolve("only")).hasContent("zstd");
        assertThat(mixed.size()).isEqualTo("ID=racker\n".length() + "#!/bin/sh\n".length() + "zstd layer\n".length());
    }

    // --- (e) platforms -------------------------------------------------------------------------

    @Test
    void manifestListPicksTheRequestedPlatform() throws Exception {
        StoredImage arm = puller.pull(ref("multi"), Platform.parse("linux/arm64"), PullProgress.SILENT);
        assertThat(arm.platform()).startsWith("linux/arm64");
        assertThat(arm.config().architecture()).isEqualTo("arm64");
        assertThat(arm.config().config().cmd()).containsExactly("arm64");
        assertThat(store.rootfsOf(arm).resolve("arch")).hasContent("arm64");

        StoredImage amd = puller.pull(ref("multi"), AMD64, PullProgress.SILENT);
        assertThat(amd.id()).isNotEqualTo(arm.id());
        assertThat(store.rootfsOf(amd).resolve("arch")).hasContent("amd64");
    }

    // --- (k) the store keeps setuid binaries from other users -----------------------------------

    @Test
    @Tag("security")
    void anotherUserCannotRunAPulledSetuidBinary() throws Exception {
        // the store's parent open to everyone, as /var/lib is: what keeps them out must be racker's
        Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        StoredImage image = puller.pull(ref("setuid"), AMD64, PullProgress.SILENT);
        Path binary = store.rootfsOf(image).resolve("usr/bin/whoami-root");
        assertThat(Files.getAttribute(binary, "unix:mode", NOFOLLOW)).as("pulled as the layer says").isEqualTo(0104755);
        assertThat(Files.getAttribute(binary, "unix:uid", NOFOLLOW)).isEqualTo(0);

        Process asNobody = new ProcessBuilder("runuser", "-u", "nobody", "--", binary.toString(), "-u")
                .redirectErrorStream(true).start();
        String output = new String(asNobody.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(asNobody.waitFor()).as(output).isNotZero();
        assertThat(output).isNotEqualTo("0").contains("Permission denied");
    }

    // --- (f) one image's content standing in for another's ----------------------------------

    @Test
    @Tag("security")
    void imageReusingAnotherImagesConfigRefusedAndTheTrustedOnePullsAfterIt() throws Exception {
        Descriptor backdoor = layerOf("poisoned", 1);
        assertThatThrownBy(() -> puller.pull(ref("poisoned"), AMD64, PullProgress.SILENT))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining("layer " + backdoor.digest())
                .hasMessageContaining("the config's diff_id is " + diffIdOf(trusted, 1))
                .hasMessageContaining("hashes to sha256:")
                .hasMessageNotContaining("\n");
        assertNoImage("poisoned");
        assertThat(store.hasBlob(backdoor.digest())).as("the refused layer is not kept").isFalse();
        assertThat(filesUnder(store.base().resolve("blobs"))).as("blobs kept of a refused image").isEmpty();

        StoredImage image = puller.pull(ref("trusted"), AMD64, PullProgress.SILENT);
        Path tool = store.rootfsOf(image).resolve("usr/bin/tool");
        assertThat(tool).hasContent("#!/bin/sh\necho trusted");
        assertThat(Files.getAttribute(tool, "unix:mode", NOFOLLOW)).isEqualTo(0100755);
        assertThat(image.diffIdsVerified()).isTrue();
    }

    @Test
    @Tag("security")
    void trustedImageStaysAsItWasWhenAnImageReusingItsConfigIsRefused() throws Exception {
        StoredImage image = puller.pull(ref("trusted"), AMD64, PullProgress.SILENT);
        Map<String, String> before = describe(store.rootfsOf(image));
        assertThatThrownBy(() -> puller.pull(ref("poisoned"), AMD64, PullProgress.SILENT))
                .as("a stored root with the same config is no reason to trust other layers")
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining("layer " + layerOf("poisoned", 1).digest());
        assertThat(store.find(ref("poisoned"))).isEmpty();
        assertThat(describe(store.rootfsOf(image))).isEqualTo(before);
        assertThat(store.list()).extracting(Map.Entry::getKey).containsExactly(ref("trusted").toString());

        boolean[] upToDate = new boolean[1];
        puller.pull(ref("trusted"), AMD64, new PullProgress() {
            @Override
            public void done(StoredImage done, boolean existed) {
                upToDate[0] = existed;
            }
        });
        assertThat(upToDate[0]).as("the trusted image is still up to date").isTrue();
        assertThat(describe(store.rootfsOf(image))).isEqualTo(before);
    }

    @Test
    @Tag("security")
    void rootStoredWithoutDiffIdChecksIsPulledAgain() throws Exception {
        StoredImage image = puller.pull(ref("trusted"), AMD64, PullProgress.SILENT);
        Path rootfs = store.rootfsOf(image);
        Map<String, String> pulled = describe(rootfs);
        // as a racker before the check stored it, and as a poisoned pull back then left it
        Path record = rootfs.resolveSibling("image.json");
        Files.writeString(record, Files.readString(record).replace("\"diffIdsVerified\" : true", "\"size2\" : 0"));
        Files.writeString(rootfs.resolve("usr/bin/tool"), "#!/bin/sh\nexec /bin/sh -p\n");
        Files.setAttribute(rootfs.resolve("usr/bin/tool"), "unix:mode", 04755);

        StoredImage again = puller.pull(ref("trusted"), AMD64, PullProgress.SILENT);

        assertThat(again.diffIdsVerified()).isTrue();
        assertThat(store.byId(image.id()).orElseThrow().diffIdsVerified()).isTrue();
        assertThat(rootfs.resolve("usr/bin/tool")).hasContent("#!/bin/sh\necho trusted");
        assertThat(Files.getAttribute(rootfs.resolve("usr/bin/tool"), "unix:mode", NOFOLLOW)).isEqualTo(0100755);
        assertThat(describe(rootfs).keySet()).isEqualTo(pulled.keySet());
        assertThat(list(store.base().resolve("tmp"))).as("work directories left").isEmpty();
    }

    // --- (g) layers against the config's diff_ids --------------------------------------------

    @Test
    @Tag("security")
    void layerNotMatchingItsDiffIdRefused() throws Exception {
        Descriptor layer = layerOf("wrong-diff-id", 0);
        assertThatThrownBy(() -> puller.pull(ref("wrong-diff-id"), AMD64, PullProgress.SILENT))
                .isInstanceOfSatisfying(DigestMismatchException.class, e -> {
                    assertThat(e.expected()).isEqualTo(Digest.sha256(new TarBuilder().file("said", "in the config\n").tar()));
                    assertThat(e.actual()).isEqualTo(Digest.sha256(new TarBuilder().file("sent", "in the layer\n").tar()));
                })
                .hasMessageContaining("layer " + layer.digest())
                .hasMessageContaining("hashes to " + Digest.sha256(new TarBuilder().file("sent", "in the layer\n").tar()))
                .hasMessageContaining("diff_id is " + Digest.sha256(new TarBuilder().file("said", "in the config\n").tar()));
        assertNoImage("wrong-diff-id");
        assertThat(filesUnder(store.base().resolve("blobs"))).as("blobs kept of a refused image").isEmpty();
    }

    @Test
    @Tag("security")
    void moreLayersThanDiffIdsRefused() throws Exception {
        assertThatThrownBy(() -> puller.pull(ref("missing-diff-id"), AMD64, PullProgress.SILENT))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining("the manifest has 2 layers but the image config lists 1 diff_ids");
        assertNoImage("missing-diff-id");
    }

    // --- (h) PAX header bombs ----------------------------------------------------------------

    @Test
    @Tag("security")
    void paxGlobalHeaderBombFailsQuicklyAndLeavesNothing() {
        assertPaxBombRefused("pax-bomb-global", "global extended headers accumulate beyond 1048576 bytes");
    }

    @Test
    @Tag("security")
    void paxChainedHeaderBombFailsQuicklyAndLeavesNothing() {
        assertPaxBombRefused("pax-bomb-chained", "the extended headers of one entry exceed 1048576 bytes");
    }

    private void assertPaxBombRefused(String tag, String problem) {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> { // only a guard against a hang
            assertThatThrownBy(() -> puller.pull(ref(tag), AMD64, PullProgress.SILENT))
                    .isInstanceOf(LayerUnpackException.class)
                    .hasMessageStartingWith("unpacking layer " + layerOf(tag, 0).digest())
                    .hasMessageContaining(problem)
                    .hasMessageNotContaining("\n");
            assertNoImage(tag);
            assertThat(filesUnder(store.base())).as("left in the store")
                    .noneMatch(p -> p.getFileName().toString().contains("partial"))
                    .noneMatch(p -> p.toString().contains("staging"));
        });
    }

    // --- (j) malformed headers ------------------------------------------------------------------

    @Test
    @Tag("security")
    void malformedHeadersRefusedNamingLayerAndEntry() throws Exception {
        assertRefused("negative-size", "negative", "negative size -512");
        assertRefused("uid-overflow", "usr/bin/root-by-wraparound", "uid 4294967296 does not fit a uid_t");
    }

    // --- (i) partial blobs of a pull that was killed ------------------------------------------

    @Test
    @Tag("security")
    void partialBlobOfAKilledPullRemovedByTheNextPull() throws Exception {
        Descriptor layer = layerOf(appOne, 1);
        Path blobs = Files.createDirectories(store.blobPath(layer.digest()).getParent());
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        // as BlobSpool names it: a pid and start time no live process has
        Path stale = Files.write(blobs.resolve("." + layer.digest().hex() + ".42." + gone.pid() + ".1.partial"),
                new byte[1000]);

        puller.pull(ref("app-one"), AMD64, PullProgress.SILENT);

        assertThat(stale).doesNotExist();
        assertThat(filesUnder(store.base().resolve("blobs"))).noneMatch(p -> p.getFileName().toString().endsWith(".partial"));
        assertThat(Digest.sha256(Files.readAllBytes(store.blobPath(layer.digest())))).isEqualTo(layer.digest());
    }

    // --- helpers -------------------------------------------------------------------------------

    /**
     * A gzip layer of {@code headers} PAX headers of type {@code type}, 64 KiB each with a key
     * of its own, each followed by an entry ({@code entryEach}) or all by one entry.
     */
    private static byte[] paxBomb(char type, int headers, boolean entryEach) throws IOException {
        java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream();
        try (java.io.OutputStream gz = new java.util.zip.GZIPOutputStream(compressed)) {
            String filler = "0".repeat(64 * 1024);
            for (int i = 0; i < headers; i++) {
                TarBuilder unit = new TarBuilder().paxHeader(type, TarBuilder.paxRecord("RACKER.test.k" + i, filler));
                if (entryEach || i == headers - 1) {
                    unit.file("f" + i, "x");
                }
                byte[] tar = unit.tar();
                gz.write(tar, 0, tar.length - 1024); // the end blocks once, below
            }
            gz.write(new byte[1024]);
        }
        return compressed.toByteArray();
    }

    /** Tags an image of one gzip layer given as bytes, its diff_id computed here. */
    private static void tagLayer(String tag, byte[] gzipLayer) throws IOException {
        byte[] tar;
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzipLayer))) {
            tar = in.readAllBytes();
        }
        tagManifest(tag, layout.addManifest(AMD64, layout.addConfig(AMD64, List.of(Digest.sha256(tar).toString()), "sh"),
                List.of(layout.addBlob(MediaType.OCI_LAYER_GZIP, gzipLayer))));
    }

    private static Digest diffIdOf(Descriptor manifest, int index) throws IOException {
        ImageManifest m = ImageJson.read(layout.blob(manifest.digest()), ImageManifest.class);
        return ImageJson.read(layout.blob(m.config().digest()), org.racker.image.json.ImageConfig.class)
                .rootfs().diffIds().get(index);
    }

    private static void tagManifest(String tag, Descriptor manifest) {
        layout.tag(tag, manifest);
        manifests.put(tag, manifest);
    }

    private static Descriptor layerOf(String tag, int index) throws IOException {
        return layerOf(manifests.get(tag), index);
    }

    private static Object inode(Path path) throws IOException {
        return Files.getAttribute(path, "unix:ino", NOFOLLOW);
    }

    /**
     * Pulling {@code tag} fails on {@code entry}; afterwards there is no image, no work
     * directory, and the canary next to the store is as it was.
     */
    private void assertRefused(String tag, String entry, String problem) throws Exception {
        Map<String, String> before = describe(temp.resolve("canary"));
        assertThatThrownBy(() -> puller.pull(ref(tag), AMD64, PullProgress.SILENT))
                .as("pulling %s", tag)
                .isInstanceOfSatisfying(LayerUnpackException.class,
                        e -> assertThat(e.entry()).as("the entry named").contains(entry))
                .hasMessageContaining("entry " + entry + ": ")
                .hasMessageContaining(problem);
        assertNoImage(tag);
        assertThat(describe(temp.resolve("canary"))).as("the canary after pulling %s", tag).isEqualTo(before);
        assertThat(list(temp)).as("next to the store after pulling %s", tag)
                .containsExactly(temp.resolve("canary"), temp.resolve("store"));
    }

    private void assertNoImage(String tag) throws Exception {
        assertThat(store.list()).isEmpty();
        assertThat(store.find(ref(tag))).isEmpty();
        assertThat(list(store.base().resolve("roots"))).as("committed roots").isEmpty();
        assertThat(list(store.base().resolve("tmp"))).as("work directories left").isEmpty();
    }

    private static void tag(String tag, Platform platform, TarBuilder... layers) {
        layout.tag(tag, layout.addImage(platform, List.of(layers), "sh"));
    }

    private static Descriptor layerOf(Descriptor manifest, int index) throws IOException {
        return ImageJson.read(layout.blob(manifest.digest()), ImageManifest.class).layers().get(index);
    }

    private static ImageReference ref(String tag) throws Exception {
        return ImageReference.parse(registry.hostPort() + "/it/" + tag + ":v1");
    }

    /** Path, type, mode, size, link count, times and content of everything under {@code dir}. */
    private static Map<String, String> describe(Path dir) throws IOException {
        Map<String, String> lines = new java.util.TreeMap<>();
        for (Path path : filesUnderIncludingDirs(dir)) {
            Map<String, Object> unix = Files.readAttributes(path, "unix:*", NOFOLLOW);
            String content = Files.isRegularFile(path, NOFOLLOW) ? Files.readString(path) : "";
            lines.put(dir.relativize(path).toString(), "mode=" + Integer.toOctalString((Integer) unix.get("mode"))
                    + " nlink=" + unix.get("nlink") + " size=" + unix.get("size") + " ino=" + unix.get("ino")
                    + " mtime=" + unix.get("lastModifiedTime") + " ctime=" + unix.get("ctime") + " " + content);
        }
        return lines;
    }

    private static List<Path> filesUnderIncludingDirs(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.sorted().toList();
        }
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !Files.isDirectory(p, NOFOLLOW)).sorted().toList();
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return new ArrayList<>();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.sorted().toList();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean isRoot() throws IOException {
        return "0".equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid").toString());
    }
}

package org.racker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.ImageNotFoundException;
import org.racker.image.Digest;
import org.racker.image.ImageReference;
import org.racker.image.json.Descriptor;
import org.racker.image.json.ImageConfig;

class ImageStoreTest {
    @TempDir
    Path root;

    ImageStore store;

    @BeforeEach
    void setUp() {
        store = new ImageStore(root);
    }

    static Digest digest(String content) {
        return Digest.sha256(content.getBytes());
    }

    StoredImage image(String config, String... layers) throws Exception {
        List<Descriptor> descriptors = java.util.Arrays.stream(layers)
                .map(l -> Descriptor.of("application/vnd.oci.image.layer.v1.tar+gzip", digest(l), l.length())).toList();
        for (String l : layers) {
            Files.createDirectories(store.blobPath(digest(l)).getParent());
            Files.writeString(store.blobPath(digest(l)), l);
        }
        Files.createDirectories(store.blobPath(digest(config)).getParent());
        Files.writeString(store.blobPath(digest(config)), config);
        ImageConfig cfg = new ImageConfig(null, null, "amd64", "linux", null, null, null, List.of());
        return new StoredImage(digest(config).hex(), digest("manifest-" + config), digest(config), descriptors, cfg,
                "linux/amd64", "test", "2026-01-01T00:00:00Z", 0, true);
    }

    Path work(String marker) throws Exception {
        Path work = store.newWorkDirectory();
        Files.createDirectories(work.resolve("rootfs/etc"));
        Files.writeString(work.resolve("rootfs/etc/marker"), marker);
        return work;
    }

    @Test
    void committedImagesAreFoundByReferenceAndIdPrefix() throws Exception {
        StoredImage img = image("c1", "l1", "l2");
        store.commit(work("one"), img, ImageReference.parse("example.test/app:1"));
        assertThat(store.find(ImageReference.parse("example.test/app:1"))).contains(img);
        assertThat(store.resolve("example.test/app:1")).isEqualTo(img);
        assertThat(store.resolve(img.id().substring(0, 8))).isEqualTo(img);
        assertThat(store.rootfsOf(img).resolve("etc/marker")).hasContent("one");
        assertThat(root.resolve("images/tmp")).isEmptyDirectory();
    }

    @Test
    void theSameImageUnderTwoTagsIsStoredOnce() throws Exception {
        StoredImage img = image("c1", "l1");
        store.commit(work("first"), img, ImageReference.parse("a.test/x:1"));
        store.commit(work("second"), img, ImageReference.parse("a.test/x:latest"));
        assertThat(store.list()).hasSize(2);
        assertThat(store.rootfsOf(img).resolve("etc/marker")).hasContent("first");
    }

    @Test
    @Tag("security")
    void rootStoredBeforeDiffIdChecksIsReplacedByAVerifiedOne() throws Exception {
        StoredImage verified = image("c1", "l1");
        StoredImage unverified = new StoredImage(verified.id(), verified.manifestDigest(), verified.configDigest(),
                verified.layers(), verified.config(), verified.platform(), verified.source(), verified.pulled(),
                verified.size(), false);
        store.commit(work("unverified"), unverified, ImageReference.parse("a.test/x:old"));
        store.commit(work("verified"), verified, ImageReference.parse("a.test/x:new"));
        assertThat(store.rootfsOf(verified).resolve("etc/marker")).hasContent("verified");
        assertThat(store.byId(verified.id())).contains(verified);
        assertThat(store.resolve("a.test/x:old")).as("the old tag now names the verified root").isEqualTo(verified);
        assertThat(root.resolve("images/tmp")).isEmptyDirectory();
    }

    @Test
    @Tag("security")
    void recordWithoutTheVerifiedFlagReadsAsUnverified() throws Exception {
        StoredImage img = image("c1", "l1");
        store.commit(work("one"), img, ImageReference.parse("a.test/x:1"));
        Path record = root.resolve("images/roots").resolve(img.id()).resolve("image.json");
        Files.writeString(record, Files.readString(record).replace("\"diffIdsVerified\" : true", "\"x\" : 1"));
        assertThat(Files.readString(record)).doesNotContain("diffIdsVerified");
        assertThat(store.byId(img.id()).orElseThrow().diffIdsVerified()).isFalse();
    }

    @Test
    void removingTheLastTagDeletesTheImageAndBlobsNoOtherImageUses() throws Exception {
        StoredImage a = image("ca", "shared", "only-a");
        StoredImage b = image("cb", "shared", "only-b");
        store.commit(work("a"), a, ImageReference.parse("a.test/a"));
        store.commit(work("b"), b, ImageReference.parse("a.test/b"));
        ImageStore.Removal removal = store.remove("a.test/a");
        assertThat(removal.deleted()).isTrue();
        assertThat(store.hasBlob(digest("only-a"))).isFalse();
        assertThat(store.hasBlob(digest("ca"))).isFalse();
        assertThat(store.hasBlob(digest("shared"))).isTrue();
        assertThat(store.hasBlob(digest("only-b"))).isTrue();
        assertThat(root.resolve("images/roots").resolve(a.id())).doesNotExist();
        assertThatThrownBy(() -> store.resolve("a.test/a")).isInstanceOf(ImageNotFoundException.class);
    }

    @Test
    void removingOneOfTwoTagsKeepsTheImage() throws Exception {
        StoredImage img = image("c1", "l1");
        store.commit(work("x"), img, ImageReference.parse("a.test/x:1"));
        store.commit(work("x"), img, ImageReference.parse("a.test/x:2"));
        ImageStore.Removal removal = store.remove("a.test/x:1");
        assertThat(removal.deleted()).isFalse();
        assertThat(removal.untagged()).containsExactly("a.test/x:1");
        assertThat(store.resolve("a.test/x:2")).isEqualTo(img);
        assertThat(store.hasBlob(digest("l1"))).isTrue();
    }

    @Test
    void workOfADeadPullIsRemovedButLiveWorkStays() throws Exception {
        Path dead = root.resolve("images/tmp/1.1.abcdef");
        Files.createDirectories(dead.resolve("rootfs"));
        Path mine = store.newWorkDirectory();
        store.removeAbandonedWork();
        assertThat(dead).doesNotExist();
        assertThat(mine).exists();
    }

    @Test
    void partialBlobsOfDeadPullsAreRemovedLiveOnesStay() throws Exception {
        Path blobs = Files.createDirectories(root.resolve("images/blobs/sha256"));
        org.racker.host.ProcessIdentity self = org.racker.host.ProcessIdentity.self();
        // this pid with another start time: a process that had the pid before and died
        Path dead = Files.writeString(blobs.resolve(".abc.123." + self.pid() + "." + (self.startTicks() + 1)
                + ".partial"), "half");
        Path live = Files.writeString(blobs.resolve(".abc.456" + ImageStore.partialSuffix()), "half");
        Path ownerless = Files.writeString(blobs.resolve(".abc.789.partial"), "half"); // a racker of before
        Path ownerlessRecent = Files.writeString(blobs.resolve(".abc.790.partial"), "half");
        Files.setLastModifiedTime(ownerless, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofHours(2))));
        Path blob = Files.writeString(blobs.resolve("abc"), "whole");

        store.removeAbandonedWork();

        assertThat(dead).doesNotExist();
        assertThat(ownerless).doesNotExist();
        assertThat(live).exists();
        assertThat(ownerlessRecent).as("may still be written by an older racker").exists();
        assertThat(blob).exists();
    }

    @Test
    void unknownImagesAreOneClearError() {
        assertThatThrownBy(() -> store.resolve("nothing.test/here")).isInstanceOf(ImageNotFoundException.class)
                .hasMessageContaining("nothing.test/here").hasMessageContaining("racker pull");
    }
}

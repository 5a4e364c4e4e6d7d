package org.racker.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.racker.image.Digest;
import org.racker.image.ImageReference;
import org.racker.image.MediaType;
import org.racker.image.Platform;
import org.racker.image.json.Descriptor;
import org.racker.image.json.DescriptorPlatform;
import org.racker.image.json.ImageIndex;

class PlatformSelectorTest {
    private static Descriptor entry(char hex, String platform) throws Exception {
        Descriptor d = Descriptor.of(MediaType.OCI_MANIFEST, Digest.parse("sha256:" + String.valueOf(hex).repeat(64)), 1);
        return platform == null ? d : d.withPlatform(DescriptorPlatform.of(Platform.parse(platform)));
    }

    private static Descriptor select(String wanted, Descriptor... entries) throws Exception {
        return PlatformSelector.select(ImageReference.parse("app"), ImageIndex.of(MediaType.OCI_INDEX, List.of(entries)),
                Platform.parse(wanted));
    }

    @Test
    void picksTheMatchingEntry() throws Exception {
        Descriptor amd = entry('a', "linux/amd64");
        Descriptor arm = entry('b', "linux/arm64/v8");
        assertThat(select("linux/amd64", amd, arm)).isEqualTo(amd);
        assertThat(select("linux/arm64", amd, arm)).isEqualTo(arm);
        assertThat(select("linux/aarch64", amd, arm)).isEqualTo(arm);
    }

    @Test
    void exactVariantPreferredOverLooseMatch() throws Exception {
        Descriptor v2 = entry('a', "linux/amd64/v2");
        Descriptor plain = entry('b', "linux/amd64");
        assertThat(select("linux/amd64", v2, plain)).isEqualTo(plain);
        assertThat(select("linux/amd64/v2", plain, v2)).isEqualTo(v2);
        assertThat(select("linux/amd64", v2)).isEqualTo(v2);
    }

    @Test
    void attestationsAndNestedIndexesSkipped() throws Exception {
        Descriptor attestation = entry('a', null).withPlatform(new DescriptorPlatform("unknown", "unknown",
                null, null, null, null));
        Descriptor nested = new Descriptor(MediaType.OCI_INDEX, Digest.parse("sha256:" + "c".repeat(64)), 1, null,
                null, DescriptorPlatform.of(Platform.parse("linux/amd64")), null);
        Descriptor amd = entry('b', "linux/amd64");
        assertThat(select("linux/amd64", attestation, nested, amd)).isEqualTo(amd);
    }

    @Test
    void singleEntryWithoutPlatformTaken() throws Exception {
        Descriptor only = entry('a', null);
        assertThat(select("linux/s390x", only)).isEqualTo(only);
    }

    @Test
    void noMatchListsWhatIsAvailable() throws Exception {
        Descriptor amd = entry('a', "linux/amd64");
        Descriptor arm = entry('b', "linux/arm/v7");
        Descriptor attestation = entry('c', null).withPlatform(new DescriptorPlatform("unknown", "unknown",
                null, null, null, null));
        assertThatThrownBy(() -> select("linux/s390x", amd, arm, attestation))
                .isInstanceOfSatisfying(NoMatchingPlatformException.class, e -> {
                    assertThat(e.wanted()).isEqualTo(Platform.of("linux", "s390x", ""));
                    assertThat(e.available()).extracting(Platform::toString).containsExactly("linux/amd64", "linux/arm/v7");
                })
                .hasMessage("no manifest for platform linux/s390x in the image index of docker.io/library/app:latest;"
                        + " available: linux/amd64, linux/arm/v7 (choose one with --platform)");
    }
}

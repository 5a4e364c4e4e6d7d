package org.racker.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {
    @Test
    void sha256OfKnownContent() throws Exception {
        Digest digest = Digest.sha256("abc".getBytes(StandardCharsets.UTF_8));
        assertThat(digest.toString())
                .isEqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Digest.parse(digest.toString())).isEqualTo(digest);
        assertThat(digest.algorithm()).isEqualTo("sha256");
        assertThat(digest.hex()).hasSize(64);
    }

    @Test
    void streamingHashMatches() throws Exception {
        Digest digest = Digest.sha256(new byte[] {1, 2, 3});
        var md = digest.newMessageDigest();
        md.update(new byte[] {1, 2});
        md.update(new byte[] {3});
        assertThat(digest.matches(md.digest())).isTrue();
    }

    @Test
    void sha512Accepted() throws Exception {
        assertThat(Digest.parse("sha512:" + "a".repeat(128)).algorithm()).isEqualTo("sha512");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sha256", "sha256:", ":abc", "sha256:xyz", "sha256:abc",
        "SHA256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "sha256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
        "md5:d41d8cd98f00b204e9800998ecf8427e",
        "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad0"})
    void malformedDigestsRefused(String text) {
        assertThatThrownBy(() -> Digest.parse(text)).isInstanceOf(InvalidImageReferenceException.class)
                .hasMessageContaining("invalid digest");
    }
}

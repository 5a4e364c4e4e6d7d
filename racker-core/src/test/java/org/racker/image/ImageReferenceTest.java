package org.racker.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.racker.InvalidArgumentException;

/** Cases from docker's own reference tests (distribution/reference normalize_test.go, reference_test.go). */
class ImageReferenceTest {
    private static final String HEX = "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        // input                                  | registry              | repository       | tag           | digest
        "debian                                   | docker.io             | library/debian   | latest        | -",
        "debian:bookworm-slim                     | docker.io             | library/debian   | bookworm-slim | -",
        "library/debian                           | docker.io             | library/debian   | latest        | -",
        "user/app                                 | docker.io             | user/app         | latest        | -",
        "user/team/app:v1                         | docker.io             | user/team/app    | v1            | -",
        "docker.io/debian                         | docker.io             | library/debian   | latest        | -",
        "index.docker.io/debian                   | docker.io             | library/debian   | latest        | -",
        "docker.io/library/debian:12              | docker.io             | library/debian   | 12            | -",
        "localhost/app                            | localhost             | app              | latest        | -",
        "localhost:5000/a/b:t                     | localhost:5000        | a/b              | t             | -",
        "localhost:5000                           | docker.io             | library/localhost| 5000          | -",
        "127.0.0.1:5000/app:1.0                   | 127.0.0.1:5000        | app              | 1.0           | -",
        "[::1]:5000/app                           | [::1]:5000            | app              | latest        | -",
        "quay.io/centos/centos:stream9            | quay.io               | centos/centos    | stream9       | -",
        "docker://quay.io/centos/centos:stream9   | quay.io               | centos/centos    | stream9       | -",
        "docker://debian                          | docker.io             | library/debian   | latest        | -",
        "Foo/bar                                  | Foo                   | bar              | latest        | -",
        "a.b/c__d-e.f_g                           | a.b                   | c__d-e.f_g       | latest        | -",
        "foo--bar/x                               | docker.io             | foo--bar/x       | latest        | -",
        "registry.example:5000/team/app@sha256:" + HEX + " | registry.example:5000 | team/app | - | sha256:" + HEX,
        "debian:12@sha256:" + HEX + "             | docker.io             | library/debian   | 12            | sha256:" + HEX,
    })
    void parsesAsDockerDoes(String input, String registry, String repository, String tag, String digest)
            throws Exception {
        ImageReference ref = ImageReference.parse(input);
        assertThat(ref.registry()).isEqualTo(registry);
        assertThat(ref.repository()).isEqualTo(repository);
        assertThat(ref.tag().orElse(null)).isEqualTo(tag);
        assertThat(ref.digest().map(Digest::toString).orElse(null)).isEqualTo(digest);
        assertThat(ImageReference.parse(ref.toString())).as("round trip").isEqualTo(ref);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" ({1})")
    @CsvSource(delimiter = '|', value = {
        "''                                    | the reference is empty",
        "docker://                             | the reference is empty",
        "Debian                                | must be lowercase",
        "docker.io/Library/debian              | must be lowercase",
        "localhost:5000/App                    | must be lowercase",
        "debian@sha256:abc                     | needs 64 hex digits",
        "debian@md5:d41d8cd98f00b204e9800998ecf8427e | unsupported algorithm",
        "debian@sha256:" + "B5BB9D8014A0F9B1D61E21E796D78DCCDF1352F23CD32812F4850B878AE4944C | lower-case",
        "debian@bookworm@sha256:" + HEX + "    | invalid digest",
        "debian:                               | invalid tag",
        "debian:-dash                          | invalid tag",
        "-debian                               | invalid repository name",
        "debian/                               | invalid repository name",
        "a//b                                  | invalid repository name",
        "a:b:c                                 | invalid repository name",
        "localhost:5000/                       | the repository name is empty",
        "registry..example/app                 | invalid registry",
        "host:abc/app                          | invalid registry",
        HEX + "                                | image ID",
        "debian:has space                      | invalid tag",
    })
    void refusesMalformedReferences(String input, String why) {
        assertThatThrownBy(() -> ImageReference.parse(input))
                .isInstanceOf(InvalidImageReferenceException.class)
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith("invalid image reference \"" + input + "\"")
                .hasMessageContaining(why);
    }

    @Test
    void tagOfUpTo128CharactersOnly() throws Exception {
        String tag = "t" + "x".repeat(127);
        assertThat(ImageReference.parse("debian:" + tag).tag()).contains(tag);
        assertThatThrownBy(() -> ImageReference.parse("debian:" + tag + "x"))
                .isInstanceOf(InvalidImageReferenceException.class);
    }

    @Test
    void nameOfUpTo255CharactersOnly() throws Exception {
        String repo = "a".repeat(255 - "docker.io/library/".length());
        assertThat(ImageReference.parse(repo).name()).hasSize(255);
        assertThatThrownBy(() -> ImageReference.parse(repo + "a"))
                .hasMessageContaining("not be more than 255 characters");
    }

    @Test
    void nullIsRefusedWithTheSameException() {
        assertThatThrownBy(() -> ImageReference.parse(null)).isInstanceOf(InvalidImageReferenceException.class);
    }

    @Test
    void digestIsWhatGetsPulled() throws Exception {
        assertThat(ImageReference.parse("debian:12@sha256:" + HEX).manifestReference()).isEqualTo("sha256:" + HEX);
        assertThat(ImageReference.parse("debian:12").manifestReference()).isEqualTo("12");
        assertThat(ImageReference.parse("debian").manifestReference()).isEqualTo("latest");
    }

    @Test
    void familiarNameDropsDockerHubAndLibrary() throws Exception {
        assertThat(ImageReference.parse("debian:12").familiarName()).isEqualTo("debian:12");
        assertThat(ImageReference.parse("user/app").familiarName()).isEqualTo("user/app:latest");
        assertThat(ImageReference.parse("quay.io/a/b:1").familiarName()).isEqualTo("quay.io/a/b:1");
        assertThat(ImageReference.parse("docker.io/library/a/b").familiarName()).isEqualTo("library/a/b:latest");
    }

    @Test
    void toStringIsFullyQualified() throws Exception {
        assertThat(ImageReference.parse("debian").toString()).isEqualTo("docker.io/library/debian:latest");
        assertThat(ImageReference.parse("debian:12@sha256:" + HEX).toString())
                .isEqualTo("docker.io/library/debian:12@sha256:" + HEX);
    }

    @Test
    void ofNormalisesLikeParse() throws Exception {
        assertThat(ImageReference.of("docker.io", "debian", null, null))
                .isEqualTo(ImageReference.parse("debian"));
        assertThat(ImageReference.of("localhost:5000", "a/b", "t", null))
                .isEqualTo(ImageReference.parse("localhost:5000/a/b:t"));
        assertThatThrownBy(() -> ImageReference.of("docker.io", "Debian", null, null))
                .isInstanceOf(InvalidImageReferenceException.class).hasMessageContaining("lowercase");
    }

    @Test
    void withDigestKeepsTheTag() throws Exception {
        Digest digest = Digest.parse("sha256:" + HEX);
        ImageReference pinned = ImageReference.parse("debian:12").withDigest(digest);
        assertThat(pinned.tag()).contains("12");
        assertThat(pinned.digest()).contains(digest);
    }
}

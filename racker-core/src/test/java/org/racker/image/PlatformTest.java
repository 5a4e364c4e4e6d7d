package org.racker.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlatformTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "linux/amd64, linux/amd64",
        "linux/x86_64, linux/amd64",
        "linux/amd64/v1, linux/amd64",
        "linux/amd64/v3, linux/amd64/v3",
        "linux/arm64, linux/arm64/v8",
        "linux/aarch64, linux/arm64/v8",
        "linux/arm64/v8, linux/arm64/v8",
        "linux/arm, linux/arm/v7",
        "linux/armhf, linux/arm/v7",
        "linux/armel, linux/arm/v6",
        "linux/arm/7, linux/arm/v7",
        "linux/i686, linux/386",
        "linux/ppc64el, linux/ppc64le",
        "Linux/S390X, linux/s390x",
    })
    void normalisesToOciNames(String input, String normalised) throws Exception {
        assertThat(Platform.parse(input).toString()).isEqualTo(normalised);
        assertThat(Platform.parse(input)).isEqualTo(Platform.parse(normalised));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "linux", "linux/", "/amd64", "linux/amd64/v8/x", "linux/amd 64"})
    void malformedPlatformsRefused(String text) {
        assertThatThrownBy(() -> Platform.parse(text)).isInstanceOf(InvalidImageReferenceException.class)
                .hasMessageContaining("invalid platform");
    }

    @Test
    void hostIsMappedFromOsArch() {
        String saved = System.getProperty("os.arch");
        try {
            System.setProperty("os.arch", "aarch64");
            assertThat(Platform.host().toString()).isEqualTo("linux/arm64/v8");
            System.setProperty("os.arch", "amd64");
            assertThat(Platform.host().toString()).isEqualTo("linux/amd64");
        } finally {
            System.setProperty("os.arch", saved);
        }
    }

    @Test
    void variantLessSideMatchesAnyVariant() throws Exception {
        assertThat(Platform.parse("linux/amd64").matches(Platform.parse("linux/amd64/v2"))).isTrue();
        assertThat(Platform.parse("linux/arm/v7").matches(Platform.parse("linux/arm/v6"))).isFalse();
        assertThat(Platform.parse("linux/arm64").matches(Platform.parse("linux/amd64"))).isFalse();
        assertThat(Platform.parse("linux/amd64").matches(Platform.parse("windows/amd64"))).isFalse();
    }
}

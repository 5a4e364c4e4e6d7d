package org.racker.layer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UpperPathsTest {
    @Test
    void remembersWhatWasAddedAcrossGrowth() {
        UpperPaths paths = new UpperPaths();
        for (int i = 0; i < 100_000; i++) {
            assertThat(paths.add("usr/share/doc/package-" + i + "/copyright")).isTrue();
        }
        assertThat(paths.add("usr/share/doc/package-7/copyright")).isFalse();
        for (int i = 0; i < 100_000; i++) {
            assertThat(paths.contains("usr/share/doc/package-" + i + "/copyright")).isTrue();
            assertThat(paths.contains("usr/share/doc/package-" + i + "/changelog")).isFalse();
        }
        assertThat(paths.contains("")).isFalse();
    }
}

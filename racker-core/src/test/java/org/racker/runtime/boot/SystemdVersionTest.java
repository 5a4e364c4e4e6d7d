package org.racker.runtime.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdVersionTest {
    @Test
    void readFromTheSharedLibrarysName(@TempDir Path root) throws Exception {
        assertThat(SystemdVersion.of(root)).isEmpty();
        Path dir = Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu/systemd"));
        Files.createFile(dir.resolve("libsystemd-core-262.so"));
        Files.createFile(dir.resolve("libsystemd-shared-262.so"));
        assertThat(SystemdVersion.of(root)).hasValue(262);
    }

    @Test
    void distributionSuffixesAreAllowed() {
        assertThat(SystemdVersion.parse("libsystemd-shared-252.so", 252)).isTrue();
        assertThat(SystemdVersion.parse("libsystemd-shared-255.4-1.fc40.so", 255)).isTrue();
        assertThat(SystemdVersion.parse("libsystemd-core-255.so", 255)).isFalse();
    }
}

package org.racker.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.EventLog;
import org.racker.InvalidArgumentException;

class PackageFilesTest {
    @TempDir
    Path root;

    @TempDir
    Path source;

    @Test
    void aLocalFileIsCopiedInAndTheDirectoryGoesAtClose() throws Exception {
        Path deb = Files.writeString(source.resolve("hello_1.0_all.deb"), "not really a deb");
        Path dir;
        try (PackageFiles files = PackageFiles.create(root, EventLog.SILENT, "racker-test-")) {
            dir = files.dir();
            assertThat(files.fetch(deb.toString())).isEqualTo("hello_1.0_all.deb");
            assertThat(dir.resolve("hello_1.0_all.deb")).hasContent("not really a deb");
            Path sub = Files.createDirectories(dir.resolve("hello/apt"));
            assertThat(files.fetch(deb.toString(), sub)).isEqualTo("hello_1.0_all.deb");
            assertThat(sub.resolve("hello_1.0_all.deb")).exists();
        }
        assertThat(dir).doesNotExist();
        assertThat(root.resolve("cache")).as("no download, no cache").doesNotExist();
    }

    @Test
    void missingFilesAndOtherSchemesAreRefused() throws Exception {
        try (PackageFiles files = PackageFiles.create(root, EventLog.SILENT, "racker-test-")) {
            assertThatThrownBy(() -> files.fetch(source.resolve("gone.deb").toString()))
                    .isInstanceOf(InvalidArgumentException.class).hasMessageEndingWith("gone.deb does not exist");
            assertThatThrownBy(() -> files.fetch("ftp://example.org/a.deb")).isInstanceOf(InvalidArgumentException.class)
                    .hasMessage("cannot fetch ftp://example.org/a.deb: only http(s) URLs and local paths are supported");
        }
    }
}

package org.racker.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.fs.RootedFiles;

class VmImageBuilderTest {
    @Test
    void newestKernelWithAnInitrd(@TempDir Path root) throws Exception {
        Path boot = Files.createDirectories(root.resolve("boot"));
        Files.writeString(boot.resolve("vmlinuz-6.1.0-56-cloud-amd64"), "k");
        Files.writeString(boot.resolve("initrd.img-6.1.0-56-cloud-amd64"), "i");
        Files.writeString(boot.resolve("vmlinuz-6.1.0-57-cloud-amd64"), "k");
        Files.writeString(boot.resolve("initrd.img-6.1.0-57-cloud-amd64"), "i");
        Files.writeString(boot.resolve("vmlinuz-6.1.0-58-cloud-amd64"), "k"); // no initrd: not bootable
        assertThat(VmImageBuilder.kernelVersion(new RootedFiles(root))).contains("6.1.0-57-cloud-amd64");
    }

    @Test
    void kernelSymlinkResolvedInsideTheRoot(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path boot = Files.createDirectories(root.resolve("boot"));
        Files.writeString(dir.resolve("host-secret"), "secret");
        // an image's absolute link means its own root, never the host's
        Files.createSymbolicLink(boot.resolve("vmlinuz-1"), dir.resolve("host-secret"));
        Files.writeString(boot.resolve("initrd.img-1"), "i");
        assertThat(VmImageBuilder.kernelVersion(new RootedFiles(root))).isEmpty();
    }

    @Test
    void noBootDirectoryNoKernel(@TempDir Path root) throws Exception {
        assertThat(VmImageBuilder.kernelVersion(new RootedFiles(root))).isEmpty();
    }

    @Test
    void diskHasRoomToWrite() {
        assertThat(VmImageBuilder.diskSize(400L << 20)).isEqualTo(2L << 30);
        assertThat(VmImageBuilder.diskSize(3L << 30)).isEqualTo(6L << 30);
        assertThat(VmImageBuilder.diskSize((3L << 30) + 1) % (1 << 20)).isZero();
    }

    @Test
    void oneDirectoryPerSourceRoot() {
        assertThat(VmImageBuilder.key(Path.of("/var/lib/racker/curated/debian-bookworm/rootfs")))
                .hasSize(16).isNotEqualTo(VmImageBuilder.key(Path.of("/var/cache/racker-test/bookworm")));
    }
}

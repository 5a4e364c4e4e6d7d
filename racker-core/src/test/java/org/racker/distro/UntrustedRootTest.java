package org.racker.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What provisioning writes into and reads from a pulled image, when the image's own files are
 * symlinks to the host's: every write lands in the image, the host's files stay as they were.
 */
@Tag("security")
class UntrustedRootTest {
    @TempDir
    Path rootfs;

    @TempDir
    Path host;

    @Test
    void hostnameAndHostsAreWrittenInsideTheImage() throws Exception {
        Path hostname = Files.writeString(host.resolve("hostname"), "buildhost\n");
        Path hosts = Files.writeString(host.resolve("hosts"), "10.1.1.1 db\n");
        Files.createDirectories(rootfs.resolve("etc"));
        Files.createSymbolicLink(rootfs.resolve("etc/hostname"), hostname);
        Files.createSymbolicLink(rootfs.resolve("etc/hosts"), hosts);
        Map<String, String> before = snapshot(host);

        CuratedImagePuller.nameAfterItself(rootfs, "debian-bookworm");

        assertThat(snapshot(host)).isEqualTo(before);
        assertThat(Files.readString(rootfs.resolve("etc/hostname"))).isEqualTo("debian-bookworm\n");
        assertThat(Files.readString(rootfs.resolve("etc/hosts"))).startsWith("127.0.0.1\tlocalhost\n");
    }

    @Test
    void hostsKeepsWhatTheImageHad() throws Exception {
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/hosts"), "127.0.0.1 localhost\n");
        CuratedImagePuller.nameAfterItself(rootfs, "x");
        assertThat(Files.readString(rootfs.resolve("etc/hosts"))).isEqualTo("127.0.0.1 localhost\n");
    }

    @Test
    void aSymlinkedEtcResolvesInsideTheImage() throws Exception {
        // /etc -> /HOST/DIR: the image's own /HOST/DIR is written, the host's is not
        Files.createSymbolicLink(rootfs.resolve("etc"), host);
        Map<String, String> before = snapshot(host);
        CuratedImagePuller.nameAfterItself(rootfs, "x");
        assertThat(snapshot(host)).isEqualTo(before);
    }

    @Test
    void osReleaseIsReadInsideTheImage() throws Exception {
        Files.createDirectories(rootfs.resolve("usr/lib"));
        Files.writeString(rootfs.resolve("usr/lib/os-release"), "ID=debian\nPRETTY_NAME=\"Debian in image\"\n");
        Files.createDirectories(rootfs.resolve("etc"));
        Files.createSymbolicLink(rootfs.resolve("etc/os-release"), Path.of("../usr/lib/os-release"));
        assertThat(OsRelease.of(rootfs).orElseThrow().prettyName()).isEqualTo("Debian in image");

        Files.delete(rootfs.resolve("etc/os-release"));
        Files.createSymbolicLink(rootfs.resolve("etc/os-release"), Path.of("/etc/../../../../usr/lib/os-release"));
        assertThat(OsRelease.of(rootfs).orElseThrow().prettyName()).isEqualTo("Debian in image");
    }

    @Test
    void osReleaseThatIsAFifoNeitherBlocksNorCounts() throws Exception {
        Files.createDirectories(rootfs.resolve("etc"));
        assertThat(new ProcessBuilder("mkfifo", rootfs.resolve("etc/os-release").toString()).start().waitFor()).isZero();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThat(OsRelease.of(rootfs)).isEmpty());
    }

    @Test
    void osReleaseThatPointsAtTheHostsIsNotTheHosts() throws Exception {
        Files.createDirectories(rootfs.resolve("etc"));
        Files.createSymbolicLink(rootfs.resolve("etc/os-release"), Path.of("/proc/1/root/etc/os-release"));
        assertThat(OsRelease.of(rootfs)).isEmpty();
    }

    /** Every file and link under {@code dir} with its content or target. */
    static Map<String, String> snapshot(Path dir) throws Exception {
        Map<String, String> all = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                String what = Files.isSymbolicLink(p) ? "-> " + Files.readSymbolicLink(p)
                        : Files.isDirectory(p) ? "dir" : Files.readString(p);
                all.put(dir.relativize(p).toString(), what);
            }
        }
        return all;
    }
}

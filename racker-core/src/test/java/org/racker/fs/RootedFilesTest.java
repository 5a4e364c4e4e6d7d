package org.racker.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A root's files as the host reaches them: every case an image can build to lead racker
 * onto the host's files, against the real kernel's openat2. {@code host} stands for the
 * host's own files, which must never change.
 */
@Tag("security")
class RootedFilesTest {
    @TempDir
    Path root;

    @TempDir
    Path host;

    RootedFiles files;

    @BeforeEach
    void setUp() {
        files = new RootedFiles(root);
    }

    @Test
    void absoluteSymlinkTargetsStayInsideTheRoot() throws Exception {
        Files.createDirectories(root.resolve("lib/systemd"));
        Files.writeString(root.resolve("lib/systemd/systemd"), "inside");
        Files.createDirectories(root.resolve("sbin"));
        Files.createSymbolicLink(root.resolve("sbin/init"), Path.of("/lib/systemd/systemd"));
        assertThat(files.isRegularFile("/sbin/init")).isTrue();
        assertThat(files.readRegularFile("/sbin/init", 100)).hasValueSatisfying(b -> assertThat(new String(b)).isEqualTo("inside"));
    }

    @Test
    void symlinkToAHostPathReadsNothingOfTheHost() throws Exception {
        Path secret = Files.writeString(host.resolve("secret"), "host secret");
        Files.createDirectories(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("etc/os-release"), secret);
        assertThat(files.readRegularFile("/etc/os-release", 100)).isEmpty();
        assertThat(files.exists("/etc/os-release")).isFalse();
    }

    @Test
    void dotDotCannotClimbOutOfTheRoot() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "inside");
        assertThat(new String(files.readRegularFile("/../../../etc/passwd", 100).orElseThrow())).isEqualTo("inside");
        Files.createSymbolicLink(root.resolve("escape"), Path.of("../../../../etc"));
        assertThat(new String(files.readRegularFile("/escape/passwd", 100).orElseThrow())).isEqualTo("inside");
    }

    @Test
    void missingComponentsAndLoopsGiveNothing() throws Exception {
        assertThat(files.exists("/no/such/file")).isFalse();
        Files.createSymbolicLink(root.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(root.resolve("b"), Path.of("a"));
        assertThat(files.exists("/a")).isFalse();
        assertThat(files.readRegularFile("/a", 10)).isEmpty();
    }

    @Test
    void procMagicLinksAreNotFollowed() throws Exception {
        // an image's symlink into /proc reaches the host's /proc only if the root holds one
        Files.createDirectories(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("etc/os-release"), Path.of("/proc/self/root/etc/os-release"));
        assertThat(files.readRegularFile("/etc/os-release", 1 << 16)).isEmpty();
    }

    @Test
    void aFifoIsNotReadAndDoesNotBlock() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Process mkfifo = new ProcessBuilder("mkfifo", root.resolve("etc/os-release").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThat(files.readRegularFile("/etc/os-release", 100)).isEmpty());
    }

    @Test
    void aDeviceIsNotRead() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mknod needs root");
        Files.createDirectories(root.resolve("etc"));
        Process mknod = new ProcessBuilder("mknod", root.resolve("etc/os-release").toString(), "c", "1", "5").start();
        assertThat(mknod.waitFor()).isZero();
        assertThat(files.readRegularFile("/etc/os-release", 100)).isEmpty();
    }

    @Test
    void aFileLargerThanTheLimitIsRefused() throws Exception {
        Files.writeString(root.resolve("big"), "x".repeat(101));
        assertThatThrownBy(() -> files.readRegularFile("/big", 100)).hasMessageContaining("larger than 100 bytes");
    }

    @Test
    void writeReplacesASymlinkInsteadOfWritingThroughIt() throws Exception {
        Path victim = Files.writeString(host.resolve("hostname"), "host\n");
        Files.createDirectories(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("etc/hostname"), victim);
        try (RootedDirectory etc = files.directory("/etc", false).orElseThrow()) {
            etc.writeText("hostname", "image\n");
        }
        assertThat(Files.readString(victim)).isEqualTo("host\n");
        assertThat(Files.isSymbolicLink(root.resolve("etc/hostname"))).isFalse();
        assertThat(Files.readString(root.resolve("etc/hostname"))).isEqualTo("image\n");
        assertThat(Files.getPosixFilePermissions(root.resolve("etc/hostname")))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        try (var listing = Files.list(root.resolve("etc"))) {
            assertThat(listing.map(p -> p.getFileName().toString()).toList()).containsExactly("hostname");
        }
    }

    @Test
    void aSymlinkedDirectoryResolvesInsideTheRoot() throws Exception {
        // /etc/systemd -> /HOST/DIR: what is made lands in the root's own /HOST/DIR
        Files.createDirectories(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("etc/systemd"), host);
        Path inside = root.resolve(host.toString().substring(1));
        Files.createDirectories(inside);
        try (RootedDirectory dir = files.directory("/etc/systemd/system", true).orElseThrow()) {
            dir.symlink("getty.target", "/dev/null");
        }
        try (var listing = Files.list(host)) {
            assertThat(listing.toList()).isEmpty();
        }
        assertThat(Files.readSymbolicLink(inside.resolve("system/getty.target"))).isEqualTo(Path.of("/dev/null"));
    }

    @Test
    void aSymlinkToADirectoryOnlyTheHostHasMakesNothing() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("etc/systemd"), host);
        assertThatThrownBy(() -> files.directory("/etc/systemd/system", true))
                .hasMessageContaining("cannot make /etc/systemd");
        try (var listing = Files.list(host)) {
            assertThat(listing.toList()).isEmpty();
        }
    }

    @Test
    void symlinkReplacesAnEntryButNotADirectory() throws Exception {
        Files.createDirectories(root.resolve("d/sub"));
        Files.writeString(root.resolve("d/file"), "x");
        try (RootedDirectory dir = files.directory("/d", false).orElseThrow()) {
            dir.symlink("file", "/dev/null");
            assertThatThrownBy(() -> dir.symlink("sub", "/dev/null")).hasMessageContaining("is a directory");
            assertThatThrownBy(() -> dir.symlink("../escape", "/dev/null")).isInstanceOf(IllegalArgumentException.class);
            assertThat(dir.list()).containsExactlyInAnyOrder("file", "sub");
        }
        assertThat(Files.readSymbolicLink(root.resolve("d/file"))).isEqualTo(Path.of("/dev/null"));
    }

    @Test
    void aMissingDirectoryIsEmptyUnlessMade() throws Exception {
        assertThat(files.directory("/a/b", false)).isEmpty();
        try (RootedDirectory made = files.directory("/a/b", true).orElseThrow()) {
            assertThat(made.path()).isEqualTo("/a/b");
        }
        assertThat(Files.isDirectory(root.resolve("a/b"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    @Test
    void aFileInTheWayOfADirectoryFails() throws Exception {
        Files.writeString(root.resolve("etc"), "not a directory");
        assertThatThrownBy(() -> files.directory("/etc/systemd", true)).hasMessageContaining("/etc");
    }

    @Test
    void listNamesADirectoryResolvedInsideTheRoot() throws Exception {
        Files.createDirectories(root.resolve("usr/lib/systemd"));
        Files.writeString(root.resolve("usr/lib/systemd/libsystemd-shared-252.so"), "");
        Files.createSymbolicLink(root.resolve("lib"), Path.of("/usr/lib"));
        assertThat(files.list("/lib/systemd")).isEqualTo(List.of("libsystemd-shared-252.so"));
        Files.createDirectories(host.resolve("systemd"));
        Files.writeString(host.resolve("systemd/libsystemd-shared-999.so"), "", StandardCharsets.UTF_8);
        Files.delete(root.resolve("lib"));
        Files.createSymbolicLink(root.resolve("lib"), host);
        assertThat(files.list("/lib/systemd")).isEmpty();
    }

    @Test
    void aRootThatIsNoDirectoryIsAnError() {
        assertThatThrownBy(() -> new RootedFiles(root.resolve("missing")).attributes("/etc"))
                .hasMessageContaining("cannot open the root");
    }
}

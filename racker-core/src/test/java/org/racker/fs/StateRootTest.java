package org.racker.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.state.ContainerStore;
import org.racker.store.ImageStore;

/** racker's state root is private: no other local user reaches the images in it. */
@Tag("security")
class StateRootTest {
    @TempDir
    Path tmp;

    /** A directory everyone may enter, as /var/lib is: what keeps them out must be racker's. */
    Path open;

    @BeforeEach
    void openParent() throws Exception {
        open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void aNewRootAndItsDirectoriesArePrivate() throws Exception {
        Path root = open.resolve("racker");
        new ContainerStore(root);
        new ImageStore(root);
        assertThat(mode(root)).isEqualTo("rwx------");
        assertThat(mode(root.resolve("containers"))).isEqualTo("rwx------");
        assertThat(mode(root.resolve("names"))).isEqualTo("rwx------");
        assertThat(mode(root.resolve("images"))).isEqualTo("rwx------");
    }

    @Test
    void anOpenStoreMadeBeforeIsMendedOnFirstUse() throws Exception {
        Path root = Files.createDirectories(open.resolve("racker/images/roots"));
        root = root.getParent().getParent();
        Files.createDirectories(root.resolve("containers"));
        for (Path p : new Path[] {root, root.resolve("images"), root.resolve("containers")}) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        new ImageStore(root);
        assertThat(mode(root)).isEqualTo("rwx------");
        assertThat(mode(root.resolve("images"))).isEqualTo("rwx------");
        new ContainerStore(root);
        assertThat(mode(root.resolve("containers"))).isEqualTo("rwx------");
    }

    @Test
    void aRootHoldingOtherFilesKeepsItsModeButRackersDirectoriesArePrivate() throws Exception {
        Path root = Files.createDirectories(open.resolve("srv"));
        Files.writeString(root.resolve("someone-elses-file"), "x");
        new ImageStore(root);
        assertThat(mode(root)).isEqualTo("rwxr-xr-x");
        assertThat(mode(root.resolve("images"))).isEqualTo("rwx------");
    }

    @Test
    void aSymlinkInPlaceOfRackersDirectoryIsRefused() throws Exception {
        Path root = Files.createDirectories(open.resolve("racker"));
        Path elsewhere = Files.createDirectories(open.resolve("elsewhere"));
        Files.createSymbolicLink(root.resolve("images"), elsewhere);
        assertThatThrownBy(() -> new ImageStore(root)).hasMessageContaining("images");
        assertThat(mode(elsewhere)).isEqualTo("rwxr-xr-x");
    }

    @Test
    void anotherUserCannotRunASetuidBinaryOfAStoredImage() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to make a setuid-root binary");
        Path root = open.resolve("racker");
        Path rootfs = Files.createDirectories(new ImageStore(root).base().resolve("roots/x/rootfs/bin"));
        for (Path p = rootfs; !p.equals(root.resolve("images")); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path id = Files.copy(Path.of("/usr/bin/id"), rootfs.resolve("id"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.setAttribute(id, "unix:mode", 04755);

        Process asNobody = new ProcessBuilder("runuser", "-u", "nobody", "--", id.toString(), "-u").redirectErrorStream(true).start();
        String output = new String(asNobody.getInputStream().readAllBytes()).strip();
        int status = asNobody.waitFor();

        assertThat(output).isNotEqualTo("0").contains("Permission denied");
        assertThat(status).isNotZero();
        assertThat(Files.exists(id, LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}

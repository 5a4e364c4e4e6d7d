package org.racker.runtime.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.RackerException;

/** A directory stands in for the container's root; the kernel's in-root resolution is the real one. */
class ContainerFileCopyTest {
    @TempDir
    Path root;

    @TempDir
    Path host;

    ContainerFileCopy copy;

    @BeforeEach
    void copier() throws Exception {
        copy = new ContainerFileCopy(root);
        Files.createDirectories(root.resolve("srv"));
    }

    static int mode(Path p) throws Exception {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    @Test
    void copiesATreeInKeepingModesAndSymlinks() throws Exception {
        Path tree = Files.createDirectories(host.resolve("tree/sub"));
        Files.writeString(tree.resolve("f"), "data\n");
        Files.setPosixFilePermissions(tree.resolve("f"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(tree.resolve("abs"), Path.of("/etc/passwd"));
        Files.setPosixFilePermissions(tree, PosixFilePermissions.fromString("rwxr-x---"));
        Files.setAttribute(tree.resolve("f"), "unix:mode", 04750);

        copy.copyIn(host.resolve("tree"), "/srv");

        Path in = root.resolve("srv/tree");
        assertThat(in.resolve("sub/f")).hasContent("data");
        assertThat(mode(in.resolve("sub/f"))).isEqualTo(04750);
        assertThat(mode(in.resolve("sub"))).isEqualTo(0750);
        assertThat(Files.readSymbolicLink(in.resolve("sub/abs"))).isEqualTo(Path.of("/etc/passwd"));
    }

    @Test
    void theContainersSymlinksResolveInsideItsRoot() throws Exception {
        String unique = "racker-cp-" + System.nanoTime();
        Files.createSymbolicLink(root.resolve("escape"), Path.of("/"));
        Files.writeString(host.resolve(unique), "x");
        copy.copyIn(host.resolve(unique), "/escape/srv");
        assertThat(root.resolve("srv").resolve(unique)).hasContent("x");
        assertThat(Path.of("/srv").resolve(unique)).doesNotExist();
    }

    @Test
    void aSymlinkWhereAFileGoesIsReplacedNotWrittenThrough() throws Exception {
        Path victim = Files.writeString(host.resolve("victim"), "untouched");
        Files.createSymbolicLink(root.resolve("srv/f"), victim);
        Path f = Files.writeString(Files.createDirectories(host.resolve("src")).resolve("f"), "new");
        copy.copyIn(f, "/srv");
        assertThat(victim).hasContent("untouched");
        assertThat(root.resolve("srv/f")).isRegularFile().hasContent("new");
    }

    @Test
    void copiesOutWithoutFollowingTheContainersLinks() throws Exception {
        Path data = Files.createDirectories(root.resolve("data/dir"));
        Files.writeString(data.resolve("file"), "inside\n");
        Files.setPosixFilePermissions(data.resolve("file"), PosixFilePermissions.fromString("rw-r-----"));
        Files.createSymbolicLink(data.resolve("shadow"), Path.of("/etc/shadow"));

        copy.copyOut("/data/dir", host);

        assertThat(host.resolve("dir/file")).hasContent("inside");
        assertThat(mode(host.resolve("dir/file"))).isEqualTo(0640);
        assertThat(Files.isSymbolicLink(host.resolve("dir/shadow"))).isTrue();
        assertThat(Files.readSymbolicLink(host.resolve("dir/shadow"))).isEqualTo(Path.of("/etc/shadow"));
    }

    @Test
    void aPathThroughAnAbsoluteSymlinkStaysInTheRoot() throws Exception {
        Files.createSymbolicLink(root.resolve("etc-link"), Path.of("/etc"));
        // /etc-link/hostname is the root's /etc/hostname, which does not exist: not the host's
        assertThatThrownBy(() -> copy.copyOut("/etc-link/hostname", host)).isInstanceOf(RackerException.class)
                .hasMessageContaining("No such file");
        assertThat(host.resolve("hostname")).doesNotExist();
    }

    @Test
    void clearErrors() {
        assertThatThrownBy(() -> copy.copyOut("/no/such/path", host)).hasMessageContaining("No such file");
        assertThatThrownBy(() -> copy.copyOut("/", host)).hasMessageContaining("name a file or directory below /");
        assertThatThrownBy(() -> copy.copyOut("/srv/..", host)).hasMessageContaining("name a file or directory below /");
        assertThatThrownBy(() -> copy.copyIn(host, "/no/such/dir")).hasMessageContaining("No such file");
        assertThatThrownBy(() -> copy.copyIn(host, "/srv/missing/")).hasMessageContaining("No such file");
        assertThatThrownBy(() -> copy.copyOut("/srv", host.resolve("no/such/dir"))).hasMessageContaining("no such directory");
    }

    @Test
    void aDestinationThatIsNoDirectoryIsTheNewName() throws Exception {
        Path f = Files.writeString(host.resolve("f"), "one");
        copy.copyIn(f, "/srv/renamed");
        assertThat(root.resolve("srv/renamed")).hasContent("one");
        Files.writeString(f, "two");
        copy.copyIn(f, "/srv/renamed"); // an existing file is replaced
        assertThat(root.resolve("srv/renamed")).hasContent("two");
        Files.createDirectories(host.resolve("d"));
        assertThatThrownBy(() -> copy.copyIn(host.resolve("d"), "/srv/renamed")).hasMessageContaining("onto the file");

        copy.copyOut("/srv/renamed", host.resolve("back.txt"));
        assertThat(host.resolve("back.txt")).hasContent("two");
        copy.copyOut("/srv", host.resolve("srv-copy"));
        assertThat(host.resolve("srv-copy/renamed")).hasContent("two");
    }

    @Test
    void copiesADirectorysContentsBothWays() throws Exception {
        Path src = Files.createDirectories(host.resolve("src/sub"));
        Files.writeString(host.resolve("src/a"), "a");
        copy.copyContentsIn(host.resolve("src"), "/srv/new");
        assertThat(root.resolve("srv/new/a")).hasContent("a");
        assertThat(root.resolve("srv/new/sub")).isDirectory();
        assertThat(root.resolve("srv/new/src")).doesNotExist();

        copy.copyContentsOut("/srv/new", host.resolve("back"));
        assertThat(host.resolve("back/a")).hasContent("a");
        assertThat(host.resolve("back/sub")).isDirectory();
        assertThatThrownBy(() -> copy.copyContentsIn(host.resolve("src/a"), "/srv")).hasMessageContaining("not a directory");
        assertThat(src).isDirectory();
    }

    @Test
    @Tag("security")
    void aHostSymlinkNamedAsTheDestinationIsWrittenThroughNotReplaced() throws Exception {
        Files.writeString(root.resolve("srv/f"), "from the container\n");
        Path real = Files.writeString(host.resolve("real"), "old content that is longer\n");
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-------"));
        Path link = Files.createSymbolicLink(host.resolve("link"), real);
        copy.copyOut("/srv/f", link);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(real).hasContent("from the container");
        assertThat(mode(real)).as("the host file keeps its own mode").isEqualTo(0600);
    }

    @Test
    @Tag("security")
    void aHostFifoNamedAsTheDestinationIsWrittenThrough() throws Exception {
        Files.writeString(root.resolve("srv/f"), "through the fifo\n");
        Path fifo = host.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        java.util.concurrent.CompletableFuture<String> reader = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        copy.copyOut("/srv/f", fifo);
        assertThat(reader.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("through the fifo\n");
        assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    @Tag("security")
    void whatCannotBeWrittenThroughAHostSymlinkIsRefused() throws Exception {
        Files.createDirectories(root.resolve("srv/dir"));
        Files.writeString(root.resolve("srv/f"), "x");
        Path dangling = Files.createSymbolicLink(host.resolve("dangling"), host.resolve("missing"));
        assertThatThrownBy(() -> copy.copyOut("/srv/f", dangling)).isInstanceOf(RackerException.class)
                .hasMessageContaining("dangling symlink");
        Path toFile = Files.createSymbolicLink(host.resolve("tofile"), Files.writeString(host.resolve("file"), "keep"));
        assertThatThrownBy(() -> copy.copyOut("/srv/dir", toFile)).isInstanceOf(RackerException.class)
                .hasMessageContaining("symlink");
        assertThat(Files.isSymbolicLink(dangling)).isTrue();
        assertThat(Files.isSymbolicLink(toFile)).isTrue();
        assertThat(host.resolve("missing")).doesNotExist();
        assertThat(host.resolve("file")).hasContent("keep");
    }
}

package org.racker.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootedPathResolverTest {
    @TempDir
    Path root;

    RootedPathResolver resolver;

    @BeforeEach
    void setUp() {
        resolver = new RootedPathResolver(root);
    }

    @Test
    void absoluteSymlinkTargetsStayInsideTheRoot() throws Exception {
        Files.createDirectories(root.resolve("lib/systemd"));
        Files.writeString(root.resolve("lib/systemd/systemd"), "");
        Files.createDirectories(root.resolve("sbin"));
        Files.createSymbolicLink(root.resolve("sbin/init"), Path.of("/lib/systemd/systemd"));
        assertThat(resolver.resolve("/sbin/init")).contains(root.resolve("lib/systemd/systemd"));
    }

    @Test
    void dotDotCannotClimbOutOfTheRoot() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "inside");
        assertThat(resolver.resolve("/../../../etc/passwd")).contains(root.resolve("etc/passwd"));
        Files.createSymbolicLink(root.resolve("escape"), Path.of("../../../../etc"));
        assertThat(resolver.resolve("/escape/passwd")).contains(root.resolve("etc/passwd"));
    }

    @Test
    void missingComponentsAndLoopsGiveNothing() throws Exception {
        assertThat(resolver.resolve("/no/such/file")).isEmpty();
        Files.createSymbolicLink(root.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(root.resolve("b"), Path.of("a"));
        assertThat(resolver.resolve("/a")).isEmpty();
    }

    @Test
    void rootItself() {
        assertThat(resolver.resolve("/")).contains(root.toAbsolutePath().normalize());
    }
}

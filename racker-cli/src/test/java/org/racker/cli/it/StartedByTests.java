package org.racker.cli.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * What the integration tests of this build started racker with: the state roots and the
 * markers in container names, one a line in a file of the build's own (cleared when a build
 * starts). The final leak check looks for what these left, and only for that: a user's own
 * containers, another racker root in use or another build's tests on the same machine are
 * none of this suite's business.
 */
final class StartedByTests {
    private StartedByTests() { }

    static Path file() {
        return Path.of(System.getProperty("racker.it.started",
                Path.of(System.getProperty("java.io.tmpdir"), "racker-it-started.txt").toString()));
    }

    static void stateRoot(Path root) {
        append("root " + root.toAbsolutePath().normalize());
    }

    static void marker(String marker) {
        append("marker " + marker);
    }

    static List<String> stateRoots() {
        return entries("root ");
    }

    static List<String> markers() {
        return entries("marker ");
    }

    private static synchronized void append(String line) {
        try {
            Files.createDirectories(file().getParent());
            // one short write with O_APPEND: lines of parallel writers do not interleave
            Files.write(file(), (line + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> entries(String prefix) {
        try {
            return Files.readAllLines(file()).stream().filter(l -> l.startsWith(prefix))
                    .map(l -> l.substring(prefix.length())).distinct().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

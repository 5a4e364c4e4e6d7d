package org.racker.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.racker.host.ProcessIdentity;

/**
 * Work directories named after the process that owns them ({@code PREFIX.PID.STARTTICKS}),
 * where images are assembled before an atomic rename: whoever comes next can tell a dead
 * process's leftovers from work in progress and remove them.
 */
public final class WorkDirectories {
    private WorkDirectories() { }

    /** A fresh, empty directory {@code parent/prefix.PID.TICKS}. */
    public static Path create(Path parent, String prefix) {
        ProcessIdentity self = ProcessIdentity.self();
        Path dir = parent.resolve(prefix + "." + self.pid() + "." + self.startTicks());
        try {
            deleteTree(dir);
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return dir;
    }

    /** Removes the directories in {@code parent} whose owner process is gone. */
    public static void removeAbandoned(Path parent) {
        if (!Files.isDirectory(parent)) {
            return;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent)) {
            for (Path dir : dirs) {
                if (!ownerAlive(dir.getFileName().toString())) {
                    deleteTree(dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + parent, e);
        }
    }

    static boolean ownerAlive(String name) {
        String[] parts = name.split("\\.");
        int n = parts.length;
        return n >= 3 && parts[n - 2].matches("\\d{1,18}") && parts[n - 1].matches("\\d{1,18}")
                && new ProcessIdentity(Long.parseLong(parts[n - 2]), Long.parseLong(parts[n - 1])).isAlive();
    }

    /**
     * Makes {@code work} the directory {@code target} with one rename, so a reader finds all of
     * it or none of it. Whatever was at {@code target} (an older copy, or a leftover without its
     * record) is first renamed aside, next to {@code work}, and removed after: no reader ever
     * finds it half deleted.
     */
    public static void publish(Path work, Path target) throws IOException {
        Path aside = work.resolveSibling(work.getFileName() + ".replaced");
        deleteTree(aside);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(aside);
    }

    /** Deletes a tree without following symlinks; a missing one is fine. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

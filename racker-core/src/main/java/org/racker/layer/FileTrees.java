package org.racker.layer;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Removing a tree without ever following a symlink out of it. */
final class FileTrees {
    private FileTrees() {
    }

    /**
     * rm -rf: a symlink is removed, not its target; a missing path is fine.
     *
     * @return the bytes of the regular files removed, one count per path (a file with two
     *     links inside counts twice), as {@link LayerUnpacker#unpack} sums them
     */
    static long deleteRecursively(Path path) throws IOException {
        BasicFileAttributes attributes = RootScope.lstat(path);
        if (attributes == null) {
            return 0;
        }
        if (!attributes.isDirectory()) {
            Files.deleteIfExists(path);
            return attributes.isRegularFile() ? attributes.size() : 0;
        }
        long[] removed = {0};
        // walkFileTree does not follow links unless asked to, so a link inside is a leaf.
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (Files.deleteIfExists(file) && attrs.isRegularFile()) {
                    removed[0] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
        return removed[0];
    }
}

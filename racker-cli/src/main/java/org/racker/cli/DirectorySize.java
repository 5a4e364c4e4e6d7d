package org.racker.cli;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Sizes as prune reports them: bytes on disk of a tree, printed in docker's decimal units. */
final class DirectorySize {
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB"};

    private DirectorySize() { }

    /** The bytes of the regular files under {@code dir}, not following symlinks; 0 if it is gone. */
    static long of(Path dir) {
        long[] total = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        total[0] += attrs.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // counted what could be read
        }
        return total[0];
    }

    /** {@code 0B}, {@code 999B}, {@code 1.234kB}, {@code 45.3MB}: four significant digits, as docker prints. */
    static String human(long bytes) {
        BigDecimal size = BigDecimal.valueOf(bytes);
        int unit = 0;
        BigDecimal thousand = BigDecimal.valueOf(1000);
        while (size.compareTo(thousand) >= 0 && unit < UNITS.length - 1) {
            size = size.divide(thousand);
            unit++;
        }
        return size.round(new MathContext(4)).stripTrailingZeros().toPlainString() + UNITS[unit];
    }
}

package org.racker.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.download.DownloadCache;

/** Package files for probes, from http(s) URLs (through the download cache) or local paths. */
final class PackageFiles {
    private final DownloadCache downloads;

    PackageFiles(DownloadCache downloads) {
        this.downloads = downloads;
    }

    /** Puts the package {@code source} names into {@code dir}; returns its file name there. */
    String fetch(String source, Path dir) throws RackerException, IOException {
        if (source.startsWith("http://") || source.startsWith("https://")) {
            String fileName = Path.of(URI.create(source).getPath()).getFileName().toString();
            Files.copy(downloads.fetch(source).file(), dir.resolve(fileName), StandardCopyOption.REPLACE_EXISTING);
            return fileName;
        }
        if (source.contains("://")) {
            throw new InvalidArgumentException("cannot fetch " + source + ": only http(s) URLs and local paths are supported");
        }
        Path local = Path.of(source);
        if (!Files.isRegularFile(local)) {
            throw new InvalidArgumentException("package file " + source + " does not exist");
        }
        String fileName = local.getFileName().toString();
        Files.copy(local, dir.resolve(fileName), StandardCopyOption.REPLACE_EXISTING);
        return fileName;
    }

    /** Removes a directory of fetched packages and everything in it. */
    static void delete(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

package org.racker.probe;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.racker.EventLog;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.download.DownloadCache;
import org.racker.fs.StateRoot;

/**
 * The package files of a probe run, from http(s) URLs (through the download cache under the
 * state root) or local paths, gathered in a temporary directory of their own that
 * {@link #close} removes.
 */
public final class PackageFiles implements AutoCloseable {
    private final Path dir;
    private final Path root;
    private final EventLog log;
    /**
     * Made at the first download: its JSON binding costs a probe without packages tens of ms,
     * and a run without downloads leaves no cache directory.
     */
    private DownloadCache downloads;

    private PackageFiles(Path dir, Path root, EventLog log) {
        this.dir = dir;
        this.root = root;
        this.log = log;
    }

    /**
     * A new, empty directory for package files (named after {@code prefix}), downloading into
     * the cache under {@code root}.
     */
    public static PackageFiles create(Path root, EventLog log, String prefix) throws IOException {
        return new PackageFiles(Files.createTempDirectory(prefix), root, log);
    }

    /** The directory the files are in. */
    public Path dir() {
        return dir;
    }

    /** Puts the package {@code source} names into {@link #dir}; returns its file name there. */
    public String fetch(String source) throws RackerException, IOException {
        return fetch(source, dir);
    }

    /**
     * Puts the package {@code source} names into {@code into} (in {@link #dir}, or one of its
     * subdirectories); returns its file name there.
     */
    public synchronized String fetch(String source, Path into) throws RackerException, IOException {
        if (source.startsWith("http://") || source.startsWith("https://")) {
            String fileName = Path.of(URI.create(source).getPath()).getFileName().toString();
            if (downloads == null) {
                downloads = new DownloadCache(StateRoot.privateDirectory(root, "cache").resolve("downloads"), log);
            }
            Files.copy(downloads.fetch(source).file(), into.resolve(fileName), StandardCopyOption.REPLACE_EXISTING);
            return fileName;
        }
        if (source.contains("://")) {
            throw new InvalidArgumentException("cannot fetch " + source
                    + ": only http(s) URLs and local paths are supported");
        }
        Path local = Path.of(source);
        if (!Files.isRegularFile(local)) {
            throw new InvalidArgumentException("package file " + source + " does not exist");
        }
        String fileName = local.getFileName().toString();
        Files.copy(local, into.resolve(fileName), StandardCopyOption.REPLACE_EXISTING);
        return fileName;
    }

    /** Removes the directory and every file in it. */
    @Override
    public void close() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

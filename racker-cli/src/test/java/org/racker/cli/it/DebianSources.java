package org.racker.cli.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.racker.testing.TestRootfs;

/**
 * Debian source packages (.dsc and their tarballs) from Debian's mirror, fetched once with
 * {@code apt-get source --download-only} through an apt configuration of their own (a
 * deb-src entry, lists and cache under the test cache), never the host's.
 */
final class DebianSources {
    private DebianSources() { }

    static Path dir() {
        return TestRootfs.cacheDir().resolve("autopkgtest-sources");
    }

    /** The bookworm .dsc of {@code pkg}, fetched when the cache lacks it. */
    static synchronized Path dsc(String pkg) {
        try {
            Files.createDirectories(dir());
            try (FileChannel ch = FileChannel.open(dir().resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
                Path found = find(pkg);
                if (found != null) {
                    return found;
                }
                Path conf = aptConfig();
                if (!Files.isDirectory(dir().resolve("apt/lists")) || find(pkg) == null) {
                    run(dir(), List.of("apt-get", "-q", "-c", conf.toString(), "update"));
                }
                run(dir(), List.of("apt-get", "-q", "-c", conf.toString(), "source", "--download-only", pkg));
                found = find(pkg);
                if (found == null) {
                    throw new IOException("apt-get source " + pkg + " gave no .dsc");
                }
                return found;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch the source of " + pkg, e);
        }
    }

    private static Path find(String pkg) throws IOException {
        try (Stream<Path> files = Files.list(dir())) {
            return files.filter(f -> f.getFileName().toString().startsWith(pkg + "_")
                    && f.getFileName().toString().endsWith(".dsc")).findFirst().orElse(null);
        }
    }

    private static Path aptConfig() throws IOException {
        Path apt = dir().resolve("apt");
        Files.createDirectories(apt.resolve("sources.list.d"));
        Files.createDirectories(apt.resolve("lists/partial"));
        Files.createDirectories(apt.resolve("cache/archives/partial"));
        Files.writeString(apt.resolve("sources.list.d/bookworm-src.list"),
                "deb-src http://deb.debian.org/debian bookworm main\n");
        Path conf = apt.resolve("apt.conf");
        Files.writeString(conf, "Dir::Etc::SourceList \"/dev/null\";\n"
                + "Dir::Etc::SourceParts \"" + apt.resolve("sources.list.d") + "\";\n"
                + "Dir::State::Lists \"" + apt.resolve("lists") + "\";\n"
                + "Dir::Cache \"" + apt.resolve("cache") + "\";\n", StandardCharsets.UTF_8);
        return conf;
    }

    private static void run(Path cwd, List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed:\n" + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}

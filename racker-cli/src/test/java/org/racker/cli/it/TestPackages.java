package org.racker.cli.it;

import org.racker.testing.TestRootfs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real .deb packages for the probe tests: built with dpkg-deb, or fetched with apt-get download. */
final class TestPackages {
    private TestPackages() { }

    /**
     * A package holding a systemd socket-activated TCP service on {@code port} (no binary of
     * its own: systemd accepts, /bin/echo answers), or, with {@code broken}, a service whose
     * start fails.
     */
    static Path serviceDeb(Path dir, String name, int port, boolean broken) {
        try {
            Path root = dir.resolve(name + "-build");
            Path units = Files.createDirectories(root.resolve("lib/systemd/system"));
            Files.createDirectories(root.resolve("DEBIAN"));
            Files.writeString(root.resolve("DEBIAN/control"), "Package: " + name + "\nVersion: 1.0\nArchitecture: all\n"
                    + "Maintainer: racker tests <tests@racker.invalid>\nDescription: racker probe test service\n");
            if (broken) {
                Files.writeString(units.resolve(name + ".service"), "[Unit]\nDescription=fails on purpose\n"
                        + "[Service]\nExecStart=/bin/sh -c 'echo starting " + name + " and failing >&2; exit 3'\n"
                        + "[Install]\nWantedBy=multi-user.target\n");
            } else {
                Files.writeString(units.resolve(name + ".socket"), "[Unit]\nDescription=test service\n"
                        + "[Socket]\nListenStream=" + port + "\nAccept=yes\n[Install]\nWantedBy=sockets.target\n");
                Files.writeString(units.resolve(name + "@.service"), "[Unit]\nDescription=test service connection\n"
                        + "[Service]\nExecStart=/bin/echo hello\nStandardInput=socket\n");
            }
            Path deb = dir.resolve(name + "_1.0_all.deb");
            run(List.of("dpkg-deb", "--root-owner-group", "--build", root.toString(), deb.toString()));
            return deb;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Debian bookworm's webfs package, as upstream's own pkgprobe example used. */
    static synchronized Path webfs() {
        Path dir = TestRootfs.cacheDir().resolve("debs");
        try {
            Files.createDirectories(dir);
            try (var list = Files.list(dir)) {
                var found = list.filter(p -> p.getFileName().toString().startsWith("webfs_")).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            }
            run(List.of("sh", "-c", "cd '" + dir + "' && apt-get download webfs"));
            try (var list = Files.list(dir)) {
                return list.filter(p -> p.getFileName().toString().startsWith("webfs_")).findFirst().orElseThrow();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}

package org.racker.testing;

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

/**
 * Real root filesystems for the integration tests of every module, built once with mmdebstrap
 * from Debian's mirror and cached between runs ({@code $RACKER_TEST_CACHE}, default
 * /var/cache/racker-test).
 * A build goes to a temporary directory renamed into place, under a lock, so a killed test
 * run never leaves half a root that the next one would use.
 */
public final class TestRootfs {
    private TestRootfs() { }

    public static Path cacheDir() {
        return Path.of(System.getenv().getOrDefault("RACKER_TEST_CACHE", "/var/cache/racker-test"));
    }

    /** A bootable Debian bookworm minbase with systemd. */
    public static Path bookworm() {
        return ensure("bookworm", List.of("mmdebstrap", "--variant=minbase", "--include=systemd,systemd-sysv,dbus",
                "bookworm"));
    }

    /**
     * {@link #bookworm()} with its package lists kept, so that apt installs without an update
     * first (autopkgtest's tests install each test's dependencies).
     */
    public static Path bookwormWithPackageLists() {
        return ensure("bookworm-apt-lists", List.of("mmdebstrap", "--variant=minbase",
                "--include=systemd,systemd-sysv,dbus", "--skip=cleanup/apt/lists", "bookworm"));
    }

    /**
     * A host for racker where systemd is PID 1 with machined, once booted as a container
     * (MachinedHostIT): bookworm minbase with systemd, D-Bus and systemd-container (nspawn,
     * machined, machinectl), util-linux (setsid, setpriv, nsenter) and procps (pgrep). No
     * JDK: the test binds the host's in, read-only.
     */
    public static Path machinedHost() {
        return ensure("machined-host", List.of("mmdebstrap", "--variant=minbase",
                "--include=systemd,systemd-sysv,dbus,systemd-container,util-linux,procps", "bookworm"));
    }

    /**
     * A Debian machine ready for racker's own package: bookworm minbase with systemd, a Java
     * 17 runtime, systemd-container, man-db and bash-completion (what the .deb depends on and
     * what its tests use), booted as a container to install the package in.
     */
    public static Path packageHost() {
        return ensure("package-host", List.of("mmdebstrap", "--variant=minbase",
                "--include=systemd,systemd-sysv,dbus,openjdk-17-jre-headless,systemd-container,util-linux,man-db,"
                        + "bash-completion", "bookworm"));
    }

    /**
     * An application root without an init or coreutils: busybox-static only, like the small
     * images docker users run. Has /bin/sh but no /usr/bin/env.
     */
    public static Path busybox() {
        return ensureBy("busybox-v2", dir -> {
            Path debs = Files.createTempDirectory(cacheDir(), "busybox-deb");
            run(debs, List.of("apt-get", "download", "busybox-static"));
            Path deb;
            try (var list = Files.list(debs)) {
                deb = list.filter(p -> p.toString().endsWith(".deb")).findFirst().orElseThrow();
            }
            run(debs, List.of("dpkg-deb", "-x", deb.toString(), dir.toString()));
            Files.createDirectories(dir.resolve("tmp"));
            for (String applet : List.of("sh", "echo", "cat", "ls", "sleep", "hostname", "pwd", "printenv", "true", "false", "mkdir", "tty")) {
                Files.createSymbolicLink(dir.resolve("bin").resolve(applet), Path.of("busybox"));
            }
            deleteTree(debs);
        });
    }

    /**
     * A racker state root kept between runs for the VM tests: the VM image racker derives
     * from {@link #bookworm()} (a kernel install and a disk build) lives in it, so only the
     * first run pays for it. Containers in it are the tests' own and gone after each.
     */
    public static Path vmStateRoot() {
        Path root = cacheDir().resolve("vm-state");
        try {
            Files.createDirectories(root);
            Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return root;
    }

    /** Debian bookworm as docker's slim images are: minbase, no systemd, not bootable. */
    public static Path bookwormSlim() {
        return ensure("bookworm-slim", List.of("mmdebstrap", "--variant=minbase", "bookworm"));
    }

    /**
     * Debian SUITE as docker's debian:SUITE-slim images are: minbase, no systemd, and no apt
     * options left from the build (this mirror's expired snapshot needs one to bootstrap at
     * all; docker's images carry none).
     */
    public static Path slim(String suite) {
        if (suite.equals("bookworm")) {
            return bookwormSlim();
        }
        return ensure(suite + "-slim", List.of("mmdebstrap", "--variant=minbase",
                "--aptopt=Acquire::Check-Valid-Until \"false\"",
                "--customize-hook=rm -f \"$1\"/etc/apt/apt.conf.d/99mmdebstrap", suite));
    }

    /** The bookworm root as a gzip rootfs tarball, as distributions publish them. */
    public static synchronized Path bookwormTarball() {
        Path file = cacheDir().resolve("bookworm-rootfs.tar.gz");
        if (Files.isRegularFile(file)) {
            return file;
        }
        Path root = bookworm();
        Path tmp = cacheDir().resolve("bookworm-rootfs.tar.gz.tmp");
        try {
            run(cacheDir(), List.of("sh", "-c", "tar --numeric-owner --xattrs -C '" + root + "' -cf - . | gzip -1 > '" + tmp + "'"));
            Files.move(tmp, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static Path ensure(String name, List<String> mmdebstrap) {
        return ensureBy(name, dir -> {
            List<String> cmd = new java.util.ArrayList<>(mmdebstrap);
            cmd.add(dir.toString());
            run(cacheDir(), cmd);
        });
    }

    interface Builder {
        void build(Path dir) throws IOException;
    }

    static synchronized Path ensureBy(String name, Builder builder) {
        Path dir = cacheDir().resolve(name);
        if (Files.isDirectory(dir)) {
            return dir;
        }
        try {
            Files.createDirectories(cacheDir());
            try (FileChannel ch = FileChannel.open(cacheDir().resolve(name + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = ch.lock()) {
                if (Files.isDirectory(dir)) {
                    return dir;
                }
                Path tmp = cacheDir().resolve(name + ".tmp");
                deleteTree(tmp);
                builder.build(tmp);
                Files.move(tmp, dir);
                return dir;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build test root " + dir, e);
        }
    }

    static void run(Path cwd, List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed:\n" + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        new ProcessBuilder("rm", "-rf", "--one-file-system", dir.toString()).inheritIO().start().onExit().join();
    }
}

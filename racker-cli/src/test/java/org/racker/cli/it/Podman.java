package org.racker.cli.it;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Debian's podman as a reference for docker's command line, set up as it runs on these
 * hosts: runc (crun refuses the hybrid cgroup layout), cgroupfs, events in a file, and
 * rlimits it may set (the host's root lacks CAP_SYS_RESOURCE, and podman's defaults are
 * above the hard limits). Storage, run state, configuration and locks are the test's own,
 * under {@code dir}: podman's defaults (/run/libpod, one lock segment in /dev/shm) are shared
 * by every podman on the host, and another's reset makes this one "refresh" its containers.
 * {@link #close} resets that storage, which leaves no overlay mounted.
 */
final class Podman implements AutoCloseable {
    private final Path dir;

    private Podman(Path dir) {
        this.dir = dir;
    }

    static Podman in(Path dir) {
        try {
            Files.writeString(dir.resolve("containers.conf"), """
                    [engine]
                    runtime = "runc"
                    cgroup_manager = "cgroupfs"
                    events_logger = "file"
                    tmp_dir = "%s"
                    lock_type = "file"
                    [containers]
                    default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]
                    """.formatted(dir.resolve("tmp")));
            Files.writeString(dir.resolve("registries.conf"), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Podman(dir);
    }

    Path storage() {
        return dir.resolve("storage");
    }

    /** Imports a root directory as image {@code name}, as `tar | podman import` does. */
    void importRoot(Path root, String name) {
        RackerProcess.Result r = run(null, List.of("sh", "-c", "tar -C '" + root + "' -c . | podman --root '" + storage()
                + "' --runroot '" + dir.resolve("run") + "' import - " + name), false);
        if (r.exitCode() != 0) {
            throw new AssertionError("podman import of " + root + ": " + r);
        }
    }

    RackerProcess.Result run(byte[] stdin, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("podman", "--root", storage().toString(), "--runroot",
                dir.resolve("run").toString()));
        cmd.addAll(args);
        return run(stdin, cmd, false);
    }

    private RackerProcess.Result run(byte[] stdin, List<String> cmd, boolean unused) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().put("CONTAINERS_CONF", dir.resolve("containers.conf").toString());
            // the host's registries.conf and policy stay out of it: nothing is pulled
            pb.environment().put("CONTAINERS_REGISTRIES_CONF", dir.resolve("registries.conf").toString());
            if (stdin == null) {
                pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            long t0 = System.nanoTime();
            Process p = pb.start();
            CompletableFuture<byte[]> out = RackerProcess.readAll(p.getInputStream());
            CompletableFuture<byte[]> err = RackerProcess.readAll(p.getErrorStream());
            if (stdin != null) {
                try (OutputStream in = p.getOutputStream()) {
                    in.write(stdin);
                }
            }
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not finish in 2 minutes");
            }
            return new RackerProcess.Result(p.exitValue(), out.join(), err.join(), Duration.ofNanos(System.nanoTime() - t0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Every container and image gone, the storage reset: nothing stays mounted or running. */
    @Override
    public void close() {
        run(null, List.of("rm", "-af", "-t", "0"));
        run(null, List.of("system", "reset", "-f"));
        String storage = storage().toString();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] fields = line.split(" ");
                if (fields.length > 4 && fields[4].startsWith(storage)) {
                    new ProcessBuilder("umount", "-l", fields[4]).inheritIO().start().waitFor();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

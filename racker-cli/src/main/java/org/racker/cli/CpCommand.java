package org.racker.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;
import org.racker.state.ContainerStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code racker cp}: files and directories in and out of a running container, modes kept.
 * The container side is read and written by tar inside the container's mount namespace, so
 * its paths and symlinks resolve as the container sees them and never reach the host.
 */
@Command(name = "cp", mixinStandardHelpOptions = true,
        description = {"Copy between a running container and the host:",
                "  racker cp HOST-PATH CONTAINER:DIR    racker cp CONTAINER:PATH HOST-DIR"})
public final class CpCommand implements Callable<Integer> {
    @ParentCommand
    RackerCommand parent;

    @Parameters(index = "0", paramLabel = "SOURCE")
    String source;

    @Parameters(index = "1", paramLabel = "DESTINATION")
    String destination;

    @Override
    public Integer call() throws Exception {
        ContainerStore store = ContainerArgs.store(parent);
        boolean out = isContainerPath(source);
        if (out == isContainerPath(destination)) {
            throw new InvalidArgumentException("exactly one of SOURCE and DESTINATION must be CONTAINER:PATH");
        }
        String spec = out ? source : destination;
        int colon = spec.indexOf(':');
        ContainerRecord record = store.find(spec.substring(0, colon));
        if (record.status() != ContainerStatus.RUNNING || record.leader() == null || !record.leader().isAlive()) {
            throw new RackerException("container " + record.name() + " is not running");
        }
        String inside = spec.substring(colon + 1);
        if (!inside.startsWith("/")) {
            inside = "/" + inside;
        }
        // the container's own tar, in its mount namespace: its symlinks resolve inside it
        if (new org.racker.fs.RootedPathResolver(Path.of(record.rootfs())).resolve("/usr/bin/tar").isEmpty()
                && new org.racker.fs.RootedPathResolver(Path.of(record.rootfs())).resolve("/bin/tar").isEmpty()) {
            throw new RackerException("cp needs tar in the container, and the image of " + record.name()
                    + " has none; use a volume (-v) to share files with it");
        }
        List<String> enter = List.of("nsenter", "--target=" + record.leader().pid(), "--mount", "--");
        if (out) {
            Path target = Path.of(destination);
            if (!Files.isDirectory(target)) {
                throw new InvalidArgumentException("destination " + destination + " must be an existing directory");
            }
            Path p = Path.of(inside);
            return pipe(concat(enter, List.of("tar", "-C", parentOf(p), "-cf", "-", p.getFileName().toString())),
                    List.of("tar", "--numeric-owner", "-xpf", "-", "-C", target.toString()));
        }
        Path local = Path.of(source).toAbsolutePath().normalize();
        if (!Files.exists(local)) {
            throw new InvalidArgumentException("no such file or directory: " + source);
        }
        return pipe(List.of("tar", "-C", local.getParent().toString(), "-cf", "-", local.getFileName().toString()),
                concat(enter, List.of("tar", "--numeric-owner", "-xpf", "-", "-C", inside)));
    }

    private static boolean isContainerPath(String arg) {
        int colon = arg.indexOf(':');
        return colon > 0 && !arg.startsWith("/") && !arg.startsWith(".");
    }

    private static String parentOf(Path p) {
        return p.getParent() == null ? "/" : p.getParent().toString();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Runs {@code from | to}, copying between them in the JVM; fails with the first error. */
    private int pipe(List<String> from, List<String> to) throws IOException, InterruptedException, RackerException {
        Process writer = new ProcessBuilder(from).start();
        Process reader = new ProcessBuilder(to).start();
        CompletableFuture<Void> copy = CompletableFuture.runAsync(() -> {
            try (InputStream in = writer.getInputStream(); OutputStream o = reader.getOutputStream()) {
                in.transferTo(o);
            } catch (IOException e) {
                // one side died: its exit status says why
            }
        });
        String writerErr = new String(writer.getErrorStream().readAllBytes()).strip();
        String readerErr = new String(reader.getErrorStream().readAllBytes()).strip();
        int w = writer.waitFor();
        int r = reader.waitFor();
        copy.join();
        if (w != 0 || r != 0) {
            throw new RackerException("copying failed: " + (w != 0 ? writerErr : readerErr)
                    .replaceAll("(?m)^tar: ", "").lines().findFirst().orElse("tar exited with " + (w != 0 ? w : r)));
        }
        return 0;
    }
}

package org.racker.cli.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real racker launcher, as users do, under a state root of the test's own: what the
 * tests check is the process's bytes on stdout and stderr and its exit status.
 */
public final class RackerProcess {
    private final Path stateRoot;
    private final String program;
    private final java.util.Map<String, String> env;

    public RackerProcess(Path stateRoot) {
        this(stateRoot, "racker", java.util.Map.of());
        StartedByTests.stateRoot(stateRoot);
    }

    private RackerProcess(Path stateRoot, String program, java.util.Map<String, String> env) {
        this.stateRoot = stateRoot;
        this.program = program;
        this.env = env;
    }

    /** The same, through the postroj launcher. */
    public RackerProcess postroj() {
        return new RackerProcess(stateRoot, "postroj", env);
    }

    /** The same, with these variables in every invocation's environment. */
    public RackerProcess withEnv(java.util.Map<String, String> variables) {
        java.util.Map<String, String> all = new java.util.HashMap<>(env);
        all.putAll(variables);
        return new RackerProcess(stateRoot, program, all);
    }

    public Path stateRoot() {
        return stateRoot;
    }

    public static Path launcher() {
        return Path.of(System.getProperty("racker.launcher", "../bin/racker")).toAbsolutePath().normalize();
    }

    public List<String> commandLine(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher().resolveSibling(program).toString());
        cmd.add("--root");
        cmd.add(stateRoot.toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    public Process start(String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(commandLine(args));
        pb.environment().putAll(env);
        return pb.start();
    }

    public Result run(String... args) {
        return run(null, args);
    }

    /** Runs to completion with {@code stdin} (none: /dev/null), within ten minutes (a pull may bootstrap). */
    public Result run(byte[] stdin, String... args) {
        return run(java.util.Map.of(), stdin, args);
    }

    /** The same with extra environment variables. */
    public Result run(java.util.Map<String, String> env, byte[] stdin, String... args) {
        try {
            ProcessBuilder pb = new ProcessBuilder(commandLine(args));
            pb.environment().putAll(this.env);
            pb.environment().putAll(env);
            if (stdin == null) {
                pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            long t0 = System.nanoTime();
            Process p = pb.start();
            CompletableFuture<byte[]> out = readAll(p.getInputStream());
            CompletableFuture<byte[]> err = readAll(p.getErrorStream());
            if (stdin != null) {
                try (OutputStream in = p.getOutputStream()) {
                    in.write(stdin);
                }
            }
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(program + " " + String.join(" ", args) + " did not finish in 10 minutes");
            }
            return new Result(p.exitValue(), out.join(), err.join(), Duration.ofNanos(System.nanoTime() - t0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * The stream's bytes, read on a thread of its own: the common pool has one thread on two
     * cores, where a reader blocked on one process would hold up every other process's output.
     */
    static CompletableFuture<byte[]> readAll(InputStream in) {
        CompletableFuture<byte[]> bytes = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (in) {
                bytes.complete(in.readAllBytes());
            } catch (IOException | RuntimeException e) {
                bytes.completeExceptionally(e);
            }
        }, "process-output");
        reader.setDaemon(true);
        reader.start();
        return bytes;
    }

    /** What one racker invocation did. */
    public record Result(int exitCode, byte[] stdoutBytes, byte[] stderrBytes, Duration took) {
        public String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        public String stderr() {
            return new String(stderrBytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout() + "--- stderr\n" + stderr();
        }
    }
}

package org.racker.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A booted container that stays up for any number of commands until it is closed (powered
 * off, its record and leftovers removed). A shutdown hook tears it down if the JVM is ended
 * by a signal first.
 */
public final class RunningContainer implements AutoCloseable {
    private final BootedContainer container;
    private final ContainerRunner.Teardown teardown;
    private final Thread hook;
    private volatile int exitCode;
    private volatile boolean detached;

    RunningContainer(BootedContainer container, ContainerRunner.Teardown teardown, Thread hook,
            org.racker.state.ContainerStore store) {
        this.container = container;
        this.teardown = teardown;
        this.hook = hook;
    }

    public String name() {
        return container.machineName();
    }

    public long leaderPid() {
        return container.leaderPid();
    }

    /** Starts a command in the container; the caller owns the process. */
    public Process exec(ExecRequest request, Stdio stdio) throws IOException {
        return container.exec(request, stdio);
    }

    /** Starts a command as a lasting transient service {@code unit}; the process ends once it runs. */
    Process exec(ExecRequest request, Stdio stdio, String unit) throws IOException {
        return container.execAsService(request, stdio, unit);
    }

    /** Leaves the container running after racker exits: nspawn owns it from now on. */
    void detach() {
        detached = true;
        teardown.detach();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already
        }
    }

    /** Runs {@code command} as root with no stdin and collects its output. */
    public ExecResult execCaptured(List<String> command) throws IOException, InterruptedException {
        return collect(exec(new ExecRequest(command, List.of(), null, null, false, false), Stdio.pipes(false)));
    }

    static ExecResult collect(Process p) throws InterruptedException {
        CompletableFuture<String> out = read(p.getInputStream());
        CompletableFuture<String> err = read(p.getErrorStream());
        int code = p.waitFor();
        return new ExecResult(code, out.join(), err.join());
    }

    private static CompletableFuture<String> read(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                in.transferTo(bytes);
                return bytes.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }

    /** The exit status recorded for the container when it is closed (the main command's). */
    void exitCode(int code) {
        exitCode = code;
    }

    @Override
    public void close() {
        if (!detached) {
            release(teardown, hook, exitCode);
        }
    }

    /** Tears down a container whose start failed, its record with it. */
    void closeFailedStart() {
        if (!detached) {
            releaseFailedStart(teardown, hook);
        }
    }

    static void releaseFailedStart(ContainerRunner.Teardown teardown, Thread hook) {
        teardown.finishFailedStart();
        removeHook(hook);
    }

    static void release(ContainerRunner.Teardown teardown, Thread hook, int exitCode) {
        teardown.finish(exitCode);
        removeHook(hook);
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running or has run
        }
    }

    /** What a captured command did. */
    public record ExecResult(int exitCode, String stdout, String stderr) { }
}

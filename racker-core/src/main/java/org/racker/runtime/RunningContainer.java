package org.racker.runtime;

import org.racker.host.ExitCleanup;
import org.racker.EventLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.racker.RackerException;
import org.racker.runtime.exec.ExecLauncher;
import org.racker.runtime.exec.ExecRequest;
import org.racker.runtime.exec.ExecTarget;
import org.racker.runtime.exec.Stdio;

/**
 * A container this process started that stays up for any number of commands until it is
 * closed (powered off, its leftovers removed, its record marked exited). If a signal ends the
 * JVM first, {@link ExitCleanup} tears it down.
 */
public final class RunningContainer implements AutoCloseable {
    private final String id;
    private final String name;
    private final BootedContainer container;
    private final ContainerRunner.Teardown teardown;
    private final ExecLauncher launcher;
    private volatile int exitCode;
    private volatile boolean detached;

    RunningContainer(String id, String name, BootedContainer container, ContainerRunner.Teardown teardown,
            EventLog log) {
        this.id = id;
        this.name = name;
        this.container = container;
        this.teardown = teardown;
        this.launcher = new ExecLauncher(log);
    }

    public String id() {
        return id;
    }

    /** The container's name, as {@code racker ps} shows it. */
    public String name() {
        return name;
    }

    /** The name the host knows it by: nspawn's machine, its cgroup. */
    public String machineName() {
        return container.machineName();
    }

    public long leaderPid() {
        return container.leaderPid();
    }

    /** What running a command in it needs to know. */
    public ExecTarget execTarget() {
        return container.execTarget();
    }

    /** The container's record as this process last wrote it. */
    public org.racker.state.ContainerRecord record() {
        return teardown.record();
    }

    /** Starts a command in the container; the caller owns the process. */
    public Process exec(ExecRequest request, Stdio stdio) throws RackerException, IOException {
        return launcher.start(container.execTarget(), request, stdio);
    }

    /** Starts the container's main command as {@code unit}; the container ends with it. */
    Process startMainCommand(ExecRequest request, Stdio stdio, String unit) throws RackerException, IOException {
        return launcher.start(container.execTarget(), request, stdio, unit, true);
    }

    /** Leaves the container running after racker exits: nspawn owns it from now on. */
    void detach() {
        detached = true;
        teardown.detach();
    }

    /**
     * Runs {@code command} as root with no stdin and collects its output; through the
     * container's service manager, or entered into the container directly (see {@link
     * ExecLauncher#startDirectly}), which starts sooner.
     */
    public ExecResult execCaptured(List<String> command, boolean throughServiceManager)
            throws RackerException, IOException, InterruptedException {
        ExecRequest request = new ExecRequest(command, List.of(), null, null, false, false);
        return collect(throughServiceManager ? exec(request, Stdio.pipes(false))
                : launcher.startDirectly(container.execTarget(), request, Stdio.pipes(false)));
    }

    static ExecResult collect(Process p) throws InterruptedException {
        // stderr on a thread of racker's own: a blocking read has no place in the JVM's common pool
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = new Thread(() -> drain(p.getErrorStream(), err), "racker-exec-stderr");
        errReader.setDaemon(true);
        errReader.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        drain(p.getInputStream(), out);
        int code = p.waitFor();
        errReader.join();
        return new ExecResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void drain(InputStream in, ByteArrayOutputStream to) {
        try (in) {
            in.transferTo(to);
        } catch (IOException e) {
            // the command went away: what it wrote so far is what it wrote
        }
    }

    /** The exit status recorded for the container when it is closed (the main command's). */
    void exitCode(int code) {
        exitCode = code;
    }

    /** Powers the container off and marks its record exited; safe to call more than once. */
    @Override
    public void close() {
        if (!detached) {
            teardown.finish(exitCode);
        }
    }

    /** Stops the container if it runs and removes its record and files, as {@code rm -f}. */
    public void remove() {
        close();
        if (!detached) {
            try {
                teardown.forget();
            } catch (UncheckedIOException e) {
                // a record that cannot be removed stays for racker rm; the container is stopped
            }
        }
    }

    /** Tears down a container whose start failed, its record with it. */
    void closeFailedStart() {
        if (!detached) {
            teardown.finishFailedStart();
        }
    }

    /** What a captured command did. */
    public record ExecResult(int exitCode, String stdout, String stderr) { }
}

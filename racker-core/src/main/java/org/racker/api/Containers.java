package org.racker.api;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import org.racker.EventLog;
import org.racker.state.ContainerStore;

/**
 * The containers of one state root, by name or id: what the {@code racker} commands that act
 * on existing containers do, as calls. Obtained from {@link Racker#containers()}.
 */
public final class Containers {
    private final Path root;
    private final ContainerStore store;
    private final EventLog log;
    private final Consumer<String> notices;

    Containers(Path root, ContainerStore store, EventLog log, Consumer<String> notices) {
        this.root = Objects.requireNonNull(root, "root");
        this.store = Objects.requireNonNull(store, "store");
        this.log = Objects.requireNonNull(log, "log");
        this.notices = Objects.requireNonNull(notices, "notices");
    }

    // ---- lifecycle: start, stop, kill, restart, wait ----
    // (names are written out in full here so that this section merges apart from the imports)

    /**
     * Starts a created or exited container again, detached ({@code racker start}): a new boot
     * of the configuration it was made with, under the same id and name. A running one is
     * left as it is. A VM cannot be started again yet: it is refused.
     */
    public void start(String nameOrId) throws org.racker.RackerException {
        lifecycle().start(nameOrId);
    }

    /**
     * Starts a created or exited container again in the foreground ({@code racker start -a}):
     * its command's output on this process's standard output and error, its input this
     * process's when {@code interactive}. Returns the command's exit status.
     */
    public int startAttached(String nameOrId, boolean interactive) throws org.racker.RackerException,
            InterruptedException {
        return lifecycle().startAttached(nameOrId, interactive);
    }

    /**
     * Stops a container, killing it when it has not stopped after {@code timeout}: with a
     * {@code signal}, by sending it to the main process ({@code docker stop -s}); with null,
     * an app container's command gets SIGTERM and a booted container (or VM) powers off in
     * order. A container that is not running is only settled.
     */
    public void stop(String nameOrId, java.time.Duration timeout, Signal signal) throws org.racker.RackerException {
        lifecycle().stop(nameOrId, timeout, signal);
    }

    /**
     * Sends {@code signal} to a container's main process ({@code racker kill}): a booted
     * container's init, an app container's command; {@link Signal#KILL} ends every process of
     * the container at once.
     */
    public void kill(String nameOrId, Signal signal) throws org.racker.RackerException {
        lifecycle().kill(nameOrId, signal);
    }

    /**
     * Stops a running container as {@link #stop} does without a signal, then starts it again
     * detached as {@link #start} does ({@code racker restart}).
     */
    public void restart(String nameOrId, java.time.Duration timeout) throws org.racker.RackerException {
        lifecycle().restart(nameOrId, timeout);
    }

    /**
     * Waits until a container, which another process may own, has exited ({@code racker
     * wait}); returns its exit status, or 0 when its record went (a {@code --rm} container).
     */
    public int awaitExit(String nameOrId) throws org.racker.RackerException, InterruptedException {
        return lifecycle().awaitExit(nameOrId);
    }

    /**
     * Runs a command in a running container on this process's own standard streams ({@code
     * racker exec}); returns its exit status. In a VM the command goes through the guest
     * agent, as root in / without a terminal: its output is written once it has ended.
     */
    public int execInheritingIo(String nameOrId, Command command) throws org.racker.RackerException,
            InterruptedException {
        // exec is the command scripts call most: it reads the state files once, loads no
        // more classes than it needs, and leaves the lifecycle's helper alone
        requireAbsoluteWorkingDirectory(command);
        org.racker.state.ContainerRecord record = execRecord(nameOrId);
        if (org.racker.vm.VmExec.isVm(record)) {
            return vmExec(record, command);
        }
        return Container.attached(store, log, record).execInheritingIo(command);
    }

    /**
     * Starts a command in a running container and returns without waiting for it ({@code
     * racker exec -d}); it has no terminal or input. A VM has no detached commands: there it
     * runs to its end as {@link #execInheritingIo} runs it.
     */
    public void execDetached(String nameOrId, Command command) throws org.racker.RackerException,
            InterruptedException {
        requireAbsoluteWorkingDirectory(command);
        org.racker.state.ContainerRecord record = execRecord(nameOrId);
        if (org.racker.vm.VmExec.isVm(record)) {
            vmExec(record, command);
            return;
        }
        if (command.interactive() || command.tty()) {
            throw new org.racker.InvalidArgumentException("exec -d runs the command without a terminal or input:"
                    + " leave out -i and -t");
        }
        Container.attached(store, log, record).execDetached(command);
    }

    private ContainerLifecycle lifecycle() {
        return new ContainerLifecycle(store, log);
    }

    private static void requireAbsoluteWorkingDirectory(Command command) throws org.racker.InvalidArgumentException {
        String workdir = command.workingDirectory();
        if (workdir != null && !workdir.startsWith("/")) {
            throw new org.racker.InvalidArgumentException("the working directory must be absolute: " + workdir);
        }
    }

    /**
     * The record of the container to run a command in: abandoned ones settled first (a dead
     * one reads as exited), the state files read once unless the reaper changed some.
     */
    private org.racker.state.ContainerRecord execRecord(String nameOrId) throws org.racker.RackerException {
        java.util.List<org.racker.state.ContainerRecord> records = store.list();
        if (new org.racker.runtime.AbandonedContainerReaper(store, log).reap(records)) {
            records = store.list();
        }
        return store.find(nameOrId, records);
    }

    /** A VM's command goes through its guest agent: output byte for byte once it has ended. */
    private static int vmExec(org.racker.state.ContainerRecord record, Command command)
            throws org.racker.RackerException, InterruptedException {
        if (command.tty() || command.workingDirectory() != null || command.user() != null) {
            throw new org.racker.InvalidArgumentException("exec in a VM does not take -t, -w or -u: the guest agent"
                    + " runs commands as root in /, without a terminal");
        }
        java.util.List<org.racker.runtime.exec.EnvironmentVariable> env = new java.util.ArrayList<>();
        for (java.util.Map.Entry<String, String> v : command.environment().entrySet()) {
            env.add(new org.racker.runtime.exec.EnvironmentVariable(v.getKey(), v.getValue()));
        }
        byte[] stdin;
        try {
            stdin = command.interactive() ? System.in.readAllBytes() : new byte[0];
        } catch (java.io.IOException e) {
            throw new org.racker.RackerException("cannot read the standard input: " + e.getMessage(), e);
        }
        return org.racker.vm.VmExec.exec(record, command.arguments(), env, stdin,
                new java.io.FileOutputStream(java.io.FileDescriptor.out),
                new java.io.FileOutputStream(java.io.FileDescriptor.err));
    }

    // ---- end of lifecycle ----

    Path root() {
        return root;
    }

    // ---- queries and contents: list, find, inspect, logs, ports, files, remove ----

    // ---- end of queries ----
}

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
        org.racker.state.ContainerRecord record = stored().record(nameOrId);
        if (org.racker.vm.VmExec.isVm(record)) {
            return vmExec(record, command);
        }
        return Container.forOneCall(store, log, record).execInheritingIo(command);
    }

    /**
     * Starts a command in a running container and returns without waiting for it ({@code
     * racker exec -d}); it has no terminal or input. A VM has no detached commands: there it
     * runs to its end as {@link #execInheritingIo} runs it.
     */
    public void execDetached(String nameOrId, Command command) throws org.racker.RackerException,
            InterruptedException {
        requireAbsoluteWorkingDirectory(command);
        org.racker.state.ContainerRecord record = stored().record(nameOrId);
        if (org.racker.vm.VmExec.isVm(record)) {
            vmExec(record, command);
            return;
        }
        if (command.interactive() || command.tty()) {
            throw new org.racker.InvalidArgumentException("exec -d runs the command without a terminal or input:"
                    + " leave out -i and -t");
        }
        Container.forOneCall(store, log, record).execDetached(command);
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

    private StoredContainers stored() {
        return new StoredContainers(store, log);
    }

    /** Every container whose record can be read, newest first; those whose racker died read as exited. */
    public java.util.List<ContainerInfo> list() {
        return stored().list();
    }

    /**
     * The containers {@code filter} lets pass, newest first, as docker's {@code ps} lists
     * them: running ones, and with {@code includeExited} (or a filter by status) also the
     * exited ones and those created and not started yet.
     */
    public java.util.List<ContainerInfo> list(ContainerFilter filter, boolean includeExited) {
        return stored().list(Objects.requireNonNull(filter, "filter"), includeExited);
    }

    /**
     * The names of every container, sorted: a read of the records alone, without settling
     * those whose racker died, quick enough for a shell's completion.
     */
    public java.util.SortedSet<String> names() {
        return stored().names();
    }

    /**
     * What {@code ps} shows, from one read of the state files: the containers as {@link
     * #list(ContainerFilter, boolean)} selects them, and one line each for those that cannot
     * be listed, saying how to remove them (a damaged state file, or one running with its
     * state gone).
     */
    public ContainerListing listing(ContainerFilter filter, boolean includeExited) {
        return stored().listing(Objects.requireNonNull(filter, "filter"), includeExited);
    }

    /**
     * A container by its name, its id or a unique prefix of the id, as docker finds it.
     *
     * @throws org.racker.RackerException when none answers to {@code nameOrId} (a
     *     {@code NoSuchContainerException}, which the {@code racker} command exits 1 on)
     */
    public ContainerInfo find(String nameOrId) throws org.racker.RackerException {
        return ContainerInfo.of(stored().record(nameOrId));
    }

    /** As {@link #find}, empty when no container answers to {@code nameOrId}. */
    public java.util.Optional<ContainerInfo> lookup(String nameOrId) {
        try {
            return java.util.Optional.of(ContainerInfo.of(stored().record(nameOrId)));
        } catch (org.racker.NoSuchContainerException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * The image a container's bootable image was made from, when racker made its root
     * bootable (see {@link ResolvedImage#derivedFrom()}); empty for a root that is the
     * image's own.
     */
    public java.util.Optional<DerivedImage> derivedFrom(ContainerInfo container) {
        return new org.racker.distro.BootableImageStore(root).ofRootfs(container.rootfs()).map(DerivedImage::of);
    }

    /**
     * Writes a container's log as {@code options} say: what its command wrote (stdout lines
     * to {@code out}, stderr lines to {@code err} where racker kept them apart), else a
     * booted container's journal. Readable after it stopped, while it is not removed; with
     * {@link LogOptions#follow()} it returns once the container stopped.
     *
     * @throws java.io.IOException when {@code out} or {@code err} cannot be written, or the log read
     */
    public void logs(String nameOrId, LogOptions options, java.io.OutputStream out, java.io.OutputStream err)
            throws org.racker.RackerException, java.io.IOException, InterruptedException {
        stored().writeLogs(nameOrId, options.query(), out, err);
    }

    /**
     * Removes an exited container, its record and files, as docker's {@code rm}; with
     * {@code force} a running one is killed first. A container whose state file is damaged,
     * or whose state is gone while it runs, is removed too (a running one with {@code force}).
     *
     * @throws org.racker.RackerException when none answers to {@code nameOrId}, or it runs and
     *     {@code force} is not given
     */
    public void remove(String nameOrId, boolean force) throws org.racker.RackerException {
        stored().remove(nameOrId, force);
    }

    /**
     * Copies a host file or directory into a running container, as docker's {@code cp HOST
     * CONTAINER:PATH}: into {@code containerPath} when it is a directory, else as it (its
     * directory must exist); a {@code hostPath} ending in {@code /.} copies what the
     * directory holds. A relative {@code containerPath} starts at the container's working
     * directory. Modes, owners and symlinks are kept.
     *
     * @param hostPath as the user gave it: docker's {@code /.} suffix is part of what it says
     * @return what was skipped: device nodes, sockets and fifos are not copied
     */
    public java.util.List<String> copyIn(String nameOrId, String hostPath, String containerPath)
            throws org.racker.RackerException {
        return ContainerCopies.copyIn(stored().record(nameOrId), hostPath, containerPath);
    }

    /**
     * Unpacks a tar stream into the directory {@code containerDirectory} of a running
     * container, as docker's {@code cp - CONTAINER:DIR}.
     *
     * @return what was skipped: device nodes, sockets and fifos are not copied
     */
    public java.util.List<String> copyIn(String nameOrId, java.io.InputStream tar, String containerDirectory)
            throws org.racker.RackerException {
        return ContainerCopies.copyIn(stored().record(nameOrId), tar, containerDirectory);
    }

    /**
     * Copies a file or directory out of a container to the host, as docker's {@code cp
     * CONTAINER:PATH HOST}: into {@code hostPath} when it is a directory, else as it; a
     * {@code containerPath} ending in {@code /.} copies what the directory holds. Out of a
     * container that is not running, from the root its next boot starts from. With
     * {@code followLink}, what a symlink named as {@code containerPath} leads to (resolved
     * inside the container), under the link's name.
     *
     * @return what was skipped: device nodes, sockets and fifos are not copied
     */
    public java.util.List<String> copyOut(String nameOrId, String containerPath, Path hostPath, boolean followLink)
            throws org.racker.RackerException {
        return ContainerCopies.copyOut(stored().record(nameOrId), containerPath, hostPath, followLink);
    }

    /**
     * As {@link #copyOut(String, String, Path, boolean)}, as a tar stream written to
     * {@code tar} (docker's {@code cp CONTAINER:PATH -}).
     */
    public java.util.List<String> copyOut(String nameOrId, String containerPath, java.io.OutputStream tar,
            boolean followLink) throws org.racker.RackerException {
        return ContainerCopies.copyOut(stored().record(nameOrId), containerPath, tar, followLink);
    }

    // ---- end of queries ----
}

package org.racker.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.output.LogQuery;
import org.racker.runtime.ContainerNotRunningException;
import org.racker.runtime.ContainerOperations;
import org.racker.runtime.exec.EnvironmentVariable;
import org.racker.EventLog;
import org.racker.runtime.exec.ExecLauncher;
import org.racker.runtime.exec.ExecRequest;
import org.racker.runtime.exec.ExecTarget;
import org.racker.runtime.RunningContainer;
import org.racker.runtime.exec.Stdio;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;
import org.racker.state.ContainerStore;
import org.racker.vm.GuestExecResult;
import org.racker.vm.RunningVm;

/**
 * A handle on one container, whether this JVM started it ({@link Racker#start}) or attached
 * to it by name or id ({@link Racker#attach}). Commands, copies and logs work the same
 * either way; every command goes through the one exec path the {@code racker} command uses.
 *
 * <p>A VM ({@link ContainerConfig.Builder#vm}) is a container whose handle runs commands
 * through its guest agent: {@link #exec}, {@link #copyIn}/{@link #copyOut} of regular files,
 * {@link #logs()}, {@link #stop()}/{@link #kill()}/{@link #close()} (each ends it at once);
 * the rest throws a {@link RackerException} saying so.
 *
 * <p>{@link #close()} stops the container and removes it, records and files; it may be
 * called more than once, and from another thread while commands run: they end with the
 * container. The handle is safe to use from several threads.
 */
public final class Container implements AutoCloseable, WaitTarget {
    private final ContainerStore store;
    private final EventLog log;
    private final Duration stopTimeout;
    /** Set when this JVM started the container: it owns its teardown. */
    private final RunningContainer owned;
    /** Set when this JVM booted a VM: it owns its teardown. */
    private final RunningVm vm;
    private final String id;
    private final String name;
    private final Set<Process> commands = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean stopped;
    /** A record its caller has just read, for the handle's one call (see {@link #forOneCall}). */
    private final AtomicReference<ContainerRecord> justRead = new AtomicReference<>();

    private Container(ContainerStore store, EventLog log, Duration stopTimeout, RunningContainer owned,
            RunningVm vm, String id, String name) {
        this.store = store;
        this.log = log;
        this.stopTimeout = stopTimeout;
        this.owned = owned;
        this.vm = vm;
        this.id = id;
        this.name = name;
    }

    static Container started(ContainerStore store, EventLog log, Duration stopTimeout, RunningContainer container) {
        return new Container(store, log, stopTimeout, container, null, container.id(), container.name());
    }

    static Container startedVm(ContainerStore store, EventLog log, Duration stopTimeout, RunningVm vm) {
        return new Container(store, log, stopTimeout, null, vm, vm.id(), vm.name());
    }

    /**
     * A handle for a single call made right after {@code record} was read (a command line's
     * exec): the call targets that record rather than reading it once more.
     */
    static Container forOneCall(ContainerStore store, EventLog log, ContainerRecord record) {
        Container c = attached(store, log, record);
        c.justRead.set(record);
        return c;
    }

    static Container attached(ContainerStore store, EventLog log, ContainerRecord record) {
        return new Container(store, log, ContainerConfig.DEFAULT_STOP_TIMEOUT, null, null, record.id(), record.name());
    }

    /** What a VM's handle cannot do (yet), as one line naming what it can. */
    private void refuseForVm(String what) throws RackerException {
        if (vm != null) {
            throw new RackerException(what + " is not available for a VM (" + name + "): use exec, copyIn and copyOut");
        }
    }

    /** The container's full id (64 hex digits). */
    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** The host's pid of the container's init (its PID 1); 0 once it is not running. */
    public long leaderPid() {
        if (vm != null) {
            return 0; // the guest's init is no process of the host's
        }
        if (owned != null) {
            return stopped ? 0 : owned.leaderPid();
        }
        return current().filter(r -> r.leader() != null && r.status() == ContainerStatus.RUNNING)
                .map(r -> r.leader().pid()).orElse(0L);
    }

    public boolean isRunning() {
        if (vm != null) {
            return !stopped && vm.isRunning();
        }
        if (owned != null) {
            return !stopped && org.racker.host.ProcessIdentity.of(owned.leaderPid()).isPresent();
        }
        return current().filter(r -> r.status() == ContainerStatus.RUNNING && r.leader() != null
                && r.leader().isAlive()).isPresent();
    }

    /**
     * The host port a published TCP port of the container is reachable on (at the address it
     * was published on; see {@link ContainerConfig.Builder#publish}), chosen at start when the
     * configuration left it to racker.
     *
     * @throws IllegalArgumentException when {@code containerPort} is not published
     */
    public int hostPort(int containerPort) throws RackerException {
        ContainerRecord record = owned != null ? owned.record() : vm != null ? vm.record()
                : current().orElseThrow(() -> new org.racker.NoSuchContainerException(name));
        for (String published : record.ports()) {
            org.racker.runtime.network.PortMapping p = org.racker.runtime.network.PortMapping.parse(published);
            if (p.containerPort() == containerPort && p.protocol().equals("tcp")) {
                return p.hostPort();
            }
        }
        throw new IllegalArgumentException("port " + containerPort + "/tcp of " + name + " is not published");
    }

    /** Runs a command to its end and collects its output. */
    public ExecResult exec(String... command) throws RackerException, InterruptedException {
        return exec(Command.of(command));
    }

    /** Runs a command to its end, feeding it its {@link Command#stdin()}, and collects its output. */
    public ExecResult exec(Command command) throws RackerException, InterruptedException {
        if (vm != null) {
            return execInVm(command);
        }
        byte[] input = command.stdin();
        Process p = launch(command, input != null);
        try {
            Thread feeder = null;
            if (input != null) {
                feeder = pump(() -> {
                    try (OutputStream in = p.getOutputStream()) {
                        in.write(input);
                    }
                }, "stdin");
            }
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errReader = pump(() -> p.getErrorStream().transferTo(err), "stderr");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream stdout = p.getInputStream()) {
                stdout.transferTo(out);
            } catch (IOException e) {
                // the pipe broke because the process went (the container was closed): its status tells
            }
            int status = p.waitFor();
            errReader.join();
            if (feeder != null) {
                feeder.join();
            }
            return new ExecResult(status, out.toByteArray(), err.toByteArray());
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly(); // interrupted: the command does not outlive its caller's wait
            }
            commands.remove(p);
        }
    }

    /** A command through the VM's guest agent: as root, in /, without a terminal, as {@code racker exec} on a VM. */
    private ExecResult execInVm(Command command) throws RackerException, InterruptedException {
        if (stopped) {
            throw new ContainerNotRunningException(name);
        }
        if (command.workingDirectory() != null || command.user() != null || command.tty()) {
            throw new InvalidArgumentException("a VM runs commands as root in /, without a terminal: " + command
                    + " asks for a working directory, a user or a terminal");
        }
        List<String> env = new ArrayList<>();
        command.environment().forEach((k, v) -> env.add(k + "=" + v));
        GuestExecResult r;
        try {
            r = vm.exec(command.arguments(), env, command.stdin() != null ? command.stdin() : new byte[0]);
        } catch (org.racker.CommandNotFoundException e) {
            return new ExecResult(127, new byte[0], (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (org.racker.CommandNotExecutableException e) {
            return new ExecResult(126, new byte[0], (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return new ExecResult(r.exitCode(), r.stdout(), r.stderr());
    }

    /**
     * Starts a command and hands over its process: write its stdin (close it for end of file),
     * read stdout and stderr, wait for it. The process ends at the latest when the container
     * does.
     */
    public Process start(Command command) throws RackerException {
        refuseForVm("start(Command)");
        return launch(command, true);
    }

    /**
     * Runs a command on this JVM's own standard streams, as a command-line tool does: its
     * output reaches the terminal or file byte for byte, with no copy through the JVM, and
     * with {@link Command#tty()} it gets a terminal of the container's own. Returns its exit
     * status.
     */
    public int execInheritingIo(Command command) throws RackerException, InterruptedException {
        refuseForVm("execInheritingIo");
        Process p = launch(command, Stdio.inherit(command.interactive()), command.interactive());
        try {
            int status = p.waitFor();
            log.debug("command exited with " + status);
            return status;
        } finally {
            commands.remove(p);
        }
    }

    /**
     * Starts a command and returns without waiting for it, as {@code docker exec -d}: no
     * standard streams (a booted container's journal gets its output); it runs until it ends
     * or the container does.
     */
    public void execDetached(Command command) throws RackerException, InterruptedException {
        refuseForVm("execDetached");
        ExecTarget target = target();
        try {
            Process p = new ExecLauncher(log).startDetached(target, request(command, false));
            if (target.booted()) {
                int status = p.waitFor(); // systemd-run, done once the service runs
                if (status != 0) {
                    throw new RackerException("cannot start " + command + " in " + name + ": its service did not"
                            + " start (status " + status + "); racker logs " + name + " may tell why");
                }
            }
        } catch (IOException e) {
            throw new RackerException("cannot run " + command + " in " + name + ": " + e.getMessage(), e);
        }
    }

    private Process launch(Command command, boolean stdin) throws RackerException {
        return launch(command, Stdio.pipes(stdin), stdin);
    }

    private Process launch(Command command, Stdio stdio, boolean stdin) throws RackerException {
        ExecTarget target = target();
        ExecRequest request = request(command, stdin);
        try {
            ExecLauncher launcher = new ExecLauncher(log);
            Process p = command.serviceManager() ? launcher.start(target, request, stdio)
                    : launcher.startDirectly(target, request, stdio);
            commands.add(p);
            if (stopped) {
                p.destroyForcibly(); // closed while it started: it must not linger
            }
            return p;
        } catch (IOException e) {
            throw new RackerException("cannot run " + command + " in " + name + ": " + e.getMessage(), e);
        }
    }

    private static ExecRequest request(Command command, boolean stdin) throws RackerException {
        List<EnvironmentVariable> vars = new ArrayList<>();
        for (Map.Entry<String, String> v : command.environment().entrySet()) {
            EnvironmentVariable.parse(v.getKey() + "=" + v.getValue(), Map.of()).ifPresent(vars::add);
        }
        return new ExecRequest(command.arguments(), vars, command.workingDirectory(), command.user(), stdin,
                command.tty());
    }

    private ExecTarget target() throws RackerException {
        if (owned != null) {
            if (stopped) {
                throw new ContainerNotRunningException(name);
            }
            return owned.execTarget();
        }
        ContainerRecord known = justRead.getAndSet(null);
        ContainerRecord record = known != null ? known
                : current().orElseThrow(() -> new ContainerNotRunningException(name));
        return ContainerOperations.execTarget(record);
    }

    /**
     * Copies a host file or directory into the container as {@code docker cp} does: into
     * {@code containerPath} when it is a directory, else as it. Modes, owners and symlinks
     * are kept; the container's paths resolve inside its root.
     */
    public void copyIn(Path hostPath, String containerPath) throws RackerException {
        Path local = ContainerFiles.existing(hostPath);
        if (vm != null) {
            inVm(() -> vm.copyIn(local, absolute(containerPath)));
            return;
        }
        new ContainerFiles(liveRoot()).copyIn(local, absolute(containerPath), false);
    }

    /** Copies a file or directory out of the container, as {@code docker cp} does. */
    public void copyOut(String containerPath, Path hostPath) throws RackerException {
        if (vm != null) {
            inVm(() -> vm.copyOut(absolute(containerPath), hostPath));
            return;
        }
        new ContainerFiles(liveRoot()).copyOut(absolute(containerPath), hostPath, false, false);
    }

    /**
     * Copies what the host directory {@code hostDirectory} holds into the container directory
     * {@code containerDirectory}, made if missing (docker's {@code cp SRC/. DEST}).
     */
    public void copyContentsIn(Path hostDirectory, String containerDirectory) throws RackerException {
        refuseForVm("copyContentsIn");
        Path local = hostDirectory.toAbsolutePath().normalize();
        if (!Files.isDirectory(local, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidArgumentException("no such directory: " + hostDirectory);
        }
        new ContainerFiles(liveRoot()).copyIn(local, absolute(containerDirectory), true);
    }

    /**
     * Copies what the container directory {@code containerDirectory} holds into the host
     * directory {@code hostDirectory}, made if missing.
     */
    public void copyContentsOut(String containerDirectory, Path hostDirectory) throws RackerException {
        refuseForVm("copyContentsOut");
        new ContainerFiles(liveRoot()).copyOut(absolute(containerDirectory), hostDirectory, true, false);
    }

    /**
     * A command line for a process outside this JVM: a command appended to it runs in the
     * container as root, with the container's environment and its arguments taken verbatim
     * (no shell, no {@code $} substitution); its exit status is the command's. It names the
     * container's init by pid, so it is valid only while this container runs.
     */
    public List<String> commandPrefix() throws RackerException {
        refuseForVm("commandPrefix");
        return List.copyOf(new ExecLauncher(log).commandPrefix(target(), null));
    }

    /**
     * The same, but reading the pid of the container's init from {@code leaderFile} each time
     * it runs: one command line for successive containers (a reboot) whose caller writes
     * each one's {@link #leaderPid()} there, and removes the file when none runs (the line
     * then fails with status 255).
     */
    public List<String> commandPrefix(Path leaderFile) throws RackerException {
        refuseForVm("commandPrefix");
        return List.copyOf(new ExecLauncher(log).commandPrefix(target(), leaderFile.toAbsolutePath()));
    }

    private Path liveRoot() throws RackerException {
        return ContainerFiles.liveRoot(target().leaderPid());
    }

    private interface VmCall {
        void run() throws RackerException, InterruptedException;
    }

    /** A VM's file call; interrupted, it keeps the thread's interrupt status and says so. */
    private void inVm(VmCall call) throws RackerException {
        if (stopped) {
            throw new ContainerNotRunningException(name);
        }
        try {
            call.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RackerException("interrupted while copying with " + name, e);
        }
    }

    private static String absolute(String containerPath) {
        return containerPath.startsWith("/") ? containerPath : "/" + containerPath;
    }

    /**
     * What the container has logged so far: a booted container's journal, an app
     * container's output. Readable after {@link #stop()}, gone after {@link #close()}; a
     * VM's journal only while it runs.
     */
    public String logs() throws RackerException, InterruptedException {
        if (vm != null) {
            // the guest's journal, as a booted container's logs are; gone with the VM
            return exec(Command.of("journalctl", "--no-pager", "--quiet", "--boot", "--output=short-precise"))
                    .stdoutText();
        }
        ContainerRecord record = current().orElseThrow(() -> new org.racker.NoSuchContainerException(name));
        // a booted container's whole journal: why a unit did not start is what a test wants to see
        LogQuery query = new LogQuery(null, null, null, false, false, "boot".equals(record.mode()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            StoredContainers.writeLogs(store, log, record, query, out, out);
        } catch (IOException e) {
            throw new RackerException("cannot read the logs of " + name + ": " + e.getMessage(), e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Powers the container off, killing it past its stop timeout; its record stays (marked
     * exited) until {@link #close()}. Commands still running end with it.
     */
    public void stop() {
        stopped = true;
        if (vm != null) {
            vm.close(); // throw-away: its disk's writes are not kept, so there is nothing to power off for
        } else if (owned != null) {
            owned.close();
        } else {
            current().ifPresent(r -> new ContainerOperations(store, log).stop(r, stopTimeout));
        }
        endCommands();
    }

    /** Kills every process of the container at once. */
    public void kill() {
        stopped = true;
        if (vm != null) {
            vm.close();
            return;
        }
        ContainerRecord record = owned != null ? owned.record() : current().orElse(null);
        if (record != null && record.status() == ContainerStatus.RUNNING) {
            new ContainerOperations(store, log).kill(store.reload(id).orElse(record));
        }
        if (owned != null) {
            owned.close();
        }
        endCommands();
    }

    /** Stops the container if it runs and removes it; later calls do nothing. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        stop();
        if (owned != null) {
            owned.remove();
        } else {
            current().ifPresent(r -> {
                try {
                    store.remove(r);
                } catch (UncheckedIOException e) {
                    log.info("could not remove the record of " + name + ": " + e.getMessage());
                }
            });
        }
    }

    /** Commands this handle started that are still running end with the container, at the latest now. */
    private void endCommands() {
        for (Process p : commands) {
            p.destroyForcibly();
        }
    }

    private java.util.Optional<ContainerRecord> current() {
        return store.reload(id);
    }

    private interface Pump {
        void run() throws IOException;
    }

    private static Thread pump(Pump pump, String what) {
        Thread t = new Thread(() -> {
            try {
                pump.run();
            } catch (IOException e) {
                // the command closed it or went away: what it wrote so far is what it wrote
            }
        }, "racker-exec-" + what);
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public String toString() {
        return name + " (" + id.substring(0, 12) + ")";
    }
}

package org.racker.runtime;

import org.racker.host.ExitCleanup;
import org.racker.EventLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.fs.RootedFiles;
import org.racker.host.HostInfo;
import org.racker.host.HostProbe;
import org.racker.host.HostUnsupportedException;
import org.racker.host.ProcessIdentity;
import org.racker.output.OutputLog;
import org.racker.runtime.boot.SystemdVersion;
import org.racker.runtime.exec.EnvironmentVariable;
import org.racker.runtime.exec.ExecRequest;
import org.racker.runtime.exec.ExecutableLookup;
import org.racker.runtime.exec.Stdio;
import org.racker.runtime.files.VolumeMount;
import org.racker.runtime.logs.ContainerLogs;
import org.racker.runtime.logs.OutputRelay;
import org.racker.runtime.network.EtcHosts;
import org.racker.runtime.network.ExtraHost;
import org.racker.runtime.network.HostPorts;
import org.racker.runtime.network.NetworkMode;
import org.racker.runtime.network.PortMapping;
import org.racker.runtime.network.PrivateNetwork;
import org.racker.runtime.process.ContainerStartException;
import org.racker.runtime.process.HostMode;
import org.racker.runtime.process.MachineLeftovers;
import org.racker.runtime.process.ProcessParent;
import org.racker.state.ContainerNames;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;
import org.racker.state.ContainerStore;

/**
 * Runs one container to completion, as {@code racker run} does: record it, boot it (or run
 * the command directly for roots without systemd), run the command, tear down on every path,
 * including a signal to racker. If racker is killed outright, the container's record stays
 * behind marked as owned by a dead process, and {@link AbandonedContainerReaper} finishes the
 * job at the next start.
 */
public final class ContainerRunner {

    private final ContainerStore store;
    private final HostProbe hostProbe;
    private final EventLog log;

    public ContainerRunner(Path stateRoot, EventLog log) {
        this(new ContainerStore(stateRoot), new HostProbe(), log);
    }

    /**
     * How long a finished command's output may take to arrive; a process it left behind that
     * holds the pipes open is not waited for.
     */
    private static final long OUTPUT_DRAIN_MILLIS = 5000;

    /** In a read-only container's state directory: the overlay racker mounts its root with. */
    private static final String READ_ONLY_CHANGES = "read-only-root";

    public ContainerRunner(ContainerStore store, HostProbe hostProbe, EventLog log) {
        this.store = store;
        this.hostProbe = hostProbe;
        this.log = log;
    }

    /** Runs the spec's command; returns its exit status. */
    public int run(ContainerSpec spec, Stdio stdio) throws RackerException, InterruptedException {
        if (spec.command().isEmpty()) {
            throw new InvalidArgumentException("no command given: name the command to run after the image");
        }
        return run(plan(spec), stdio);
    }

    /**
     * {@code start -a} of a created or exited container: a new run of the spec it was made
     * from in the foreground, under the same id and name, its command's output on
     * {@code stdio} (and kept for logs, as a run's). Returns the command's exit status.
     */
    public int runAgain(ContainerRecord existing, Stdio stdio) throws RackerException, InterruptedException {
        if (existing.status() == ContainerStatus.RUNNING) {
            throw new InvalidArgumentException(existing.name() + " is running already: use racker logs -f "
                    + existing.name() + " to follow it");
        }
        ContainerSpec spec = keptSpec(existing);
        if (spec.command().isEmpty()) {
            throw new InvalidArgumentException(existing.name() + " was made without a command: nothing to attach"
                    + " to; start it without -a and use racker exec");
        }
        return run(plan(spec.inForeground(stdio.in() == Redirect.INHERIT || stdio.in() == Redirect.PIPE), existing), stdio);
    }

    private int run(Plan plan, Stdio stdio) throws RackerException, InterruptedException {
        ContainerSpec spec = plan.spec();
        if (plan.boot()) {
            try (RunningContainer container = start(plan)) {
                boolean keep = keepsOutput(spec, stdio);
                Process command;
                OutputRelay relay;
                try {
                    command = container.exec(spec.execRequest(), keep ? stdio.withOutputPiped() : stdio);
                    relay = keep ? OutputRelay.start(command, OutputLog.in(plan.stateDir()), false) : null;
                } catch (IOException e) {
                    throw new ContainerStartException("cannot run the command in " + plan.name() + ": " + e.getMessage(), e);
                }
                log.debug("command started");
                int exitCode = command.waitFor();
                if (relay != null) {
                    relay.finish(OUTPUT_DRAIN_MILLIS);
                }
                log.debug("command exited with " + exitCode);
                container.exitCode(exitCode);
                return exitCode;
            }
        }
        return runApp(plan, stdio);
    }

    /**
     * A foreground run whose container outlives it keeps its command's output for
     * {@code logs}, as docker does; a terminal's output is the user's alone.
     */
    private static boolean keepsOutput(ContainerSpec spec, Stdio stdio) {
        return !spec.removeOnExit() && !spec.tty() && stdio.out() == Redirect.INHERIT && stdio.err() == Redirect.INHERIT;
    }

    /**
     * Starts a container and leaves it running for any number of commands, as test harnesses
     * (pkgprobe, selftest) and the library use it; closing it powers it off and removes what
     * it left. A root with systemd is booted; one without runs the spec's command as its main
     * process, and the container lives as long as that command does.
     */
    public RunningContainer start(ContainerSpec spec) throws RackerException {
        Plan plan = plan(spec);
        return plan.boot() ? start(plan) : startApp(plan);
    }

    private RunningContainer startApp(Plan plan) throws RackerException {
        if (plan.spec().command().isEmpty()) {
            throw new InvalidArgumentException("no command given for " + plan.spec().image() + ", which has no"
                    + " systemd: name the command that keeps the container running");
        }
        List<String> args = AppContainer.backgroundCommandLine(plan.host().nspawn().orElseThrow(), plan.spec(),
                plan.machine(), plan.hostname(), plan.hostMode(), true, plan.etcHosts());
        ContainerRecord record = plan.record();
        Teardown teardown = guard(plan);
        try {
            BootedContainer.Booting booting = BootedContainer.launch(args, plan.spec(), plan.machine(),
                    plan.hostname(), plan.hostMode(), true, true, store.directoryOf(plan.id()), null, log);
            teardown.nspawnStarted(booting.process());
            teardown.update(record.starting(ProcessIdentity.of(booting.process().pid()).orElse(null)));
            BootedContainer container = booting.awaitReady();
            teardown.booted(container);
            teardown.update(record.running(container.nspawnIdentity(), ProcessIdentity.of(container.leaderPid())
                    .orElse(null)));
            return new RunningContainer(plan.id(), plan.name(), container, teardown, log);
        } catch (RackerException | RuntimeException e) {
            teardown.finishFailedStart();
            throw e;
        }
    }

    /**
     * {@code run -d}: boots the container and leaves it to nspawn, in a session of its own
     * that outlives racker; a command, if given, runs as the transient service racker-main,
     * and the container ends when it does, with its exit status.
     * Returns the container's id.
     */
    public String runDetached(ContainerSpec spec, boolean hasCommand) throws RackerException, InterruptedException {
        return runDetached(plan(spec, null), hasCommand);
    }

    /**
     * {@code create}: checks the spec as a run would and keeps it as a container that has
     * not started (docker's "Created"): no process, no owner, until {@link #startAgain}.
     * Returns the container's id.
     */
    public String create(ContainerSpec spec) throws RackerException {
        if (!spec.command().isEmpty()) {
            ExecutableLookup.require(spec.execRequest(), spec.rootfs(), spec.volumes());
        }
        Plan plan = plan(spec, null);
        ContainerRecord record = plan.record().notStarted();
        store.reserve(record);
        try {
            keepSpec(plan);
            store.save(record);
            if (spec.cidFile() != null) {
                Files.writeString(spec.cidFile(), plan.id(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
        } catch (IOException | RuntimeException e) {
            store.remove(record);
            throw new ContainerStartException("cannot create " + plan.name() + ": " + e.getMessage(), e);
        }
        return plan.id();
    }

    /**
     * {@code start} of a created or exited container: a new boot of the spec it was made from,
     * detached, under the same id and name; its logs go on where the last run's ended. A
     * start that fails leaves the container exited, as it was.
     */
    public String startAgain(ContainerRecord existing) throws RackerException, InterruptedException {
        if (existing.status() == ContainerStatus.RUNNING) {
            return existing.id();
        }
        ContainerSpec spec = keptSpec(existing);
        return runDetached(plan(spec, existing), !spec.command().isEmpty());
    }

    /** The spec a container was made with, for a new start of it; its last exit status forgotten. */
    private ContainerSpec keptSpec(ContainerRecord existing) throws RackerException {
        Path dir = store.directoryOf(existing.id());
        try {
            ContainerSpec spec = ContainerSpecFile.read(dir).orElseThrow(() -> new InvalidArgumentException("cannot start "
                    + existing.name() + ": racker kept no configuration for it (it was started through the library,"
                    + " or by an older racker); run a new container instead"));
            Files.deleteIfExists(dir.resolve(DetachedSupervisor.EXIT_FILE));
            return spec;
        } catch (IOException e) {
            throw new ContainerStartException("cannot read the configuration of " + existing.name() + ": "
                    + e.getMessage(), e);
        }
    }

    private String runDetached(Plan plan, boolean hasCommand) throws RackerException, InterruptedException {
        ContainerSpec spec = plan.spec();
        if (!plan.boot()) {
            return runAppDetached(plan); // its command line checks the command
        }
        if (hasCommand) {
            // docker's run -d fails at once for a command that cannot start; a boot first would
            // leave a container that exits with 127 instead
            ExecutableLookup.require(spec.execRequest(), spec.rootfs(), spec.volumes());
        }
        RunningContainer container = start(plan);
        try {
            if (hasCommand) {
                if (NspawnCommandLine.keepsTerminal(spec)) {
                    // the console log is the command's terminal from here on; systemd's boot
                    // lines before it are in the journal
                    try (var console = java.nio.channels.FileChannel.open(plan.stateDir().resolve("console.log"),
                            StandardOpenOption.WRITE)) {
                        console.truncate(0);
                    }
                }
                ExecRequest main = spec.execRequest();
                Process p = container.startMainCommand(new ExecRequest(main.command(), main.environment(),
                        main.workingDirectory(), main.user(), false, spec.tty()), Stdio.pipes(false), ContainerLogs.MAIN_UNIT);
                RunningContainer.ExecResult started = RunningContainer.collect(p);
                if (started.exitCode() != 0) {
                    throw new ContainerStartException("cannot start the command in " + plan.name() + ": "
                            + started.stderr().strip());
                }
            }
            container.detach();
            return plan.id();
        } catch (IOException e) {
            container.closeFailedStart();
            throw new ContainerStartException("cannot start the command in " + plan.name() + ": " + e.getMessage(), e);
        } catch (RackerException | RuntimeException e) {
            container.closeFailedStart();
            throw e;
        }
    }

    /**
     * {@code run -d} of a root without systemd: nspawn runs the command behind its stub init,
     * its output goes to the console log, and the container ends when the command does.
     */
    private String runAppDetached(Plan plan) throws RackerException {
        if (plan.spec().command().isEmpty()) {
            throw new InvalidArgumentException("no command given: name the command to run after the image");
        }
        List<String> args = AppContainer.backgroundCommandLine(plan.host().nspawn().orElseThrow(), plan.spec(),
                plan.machine(), plan.hostname(), plan.hostMode(), false, plan.etcHosts());
        ContainerRecord record = plan.record();
        Teardown teardown = guard(plan);
        try {
            BootedContainer.Booting booting = BootedContainer.launch(args, plan.spec(), plan.machine(), plan.hostname(),
                    plan.hostMode(), false, true, store.directoryOf(plan.id()), null, log);
            teardown.nspawnStarted(booting.process());
            teardown.update(record.starting(ProcessIdentity.of(booting.process().pid()).orElse(null)));
            BootedContainer container = booting.awaitReady();
            teardown.update(record.running(container.nspawnIdentity(), ProcessIdentity.of(container.leaderPid()).orElse(null)));
            teardown.detach();
            return plan.id();
        } catch (RackerException | RuntimeException e) {
            teardown.finishFailedStart();
            throw e;
        }
    }

    /**
     * Reserves the container's name and arms its teardown: from here on, any way racker ends
     * (a signal included) tears the container down and settles its record.
     */
    /** What a later start boots again; a container gone with its run needs none. */
    private void keepSpec(Plan plan) throws IOException {
        ContainerSpecFile.write(plan.stateDir(), plan.spec());
    }

    private Teardown guard(Plan plan) throws RackerException {
        store.reserve(plan.record());
        log.debug("container " + plan.name() + " (" + plan.id() + "), machine " + plan.machine() + ", host mode "
                + plan.hostMode());
        Teardown teardown = new Teardown(store, plan.record(), log, plan.spec().throwAway(),
                plan.again() ? null : plan.spec().cidFile(), !plan.again());
        ExitCleanup.register(teardown.onExit);
        if (!plan.spec().removeOnExit() && !plan.again()) {
            try {
                keepSpec(plan);
            } catch (IOException e) {
                teardown.finishFailedStart();
                throw new ContainerStartException("cannot keep the configuration of " + plan.name() + ": "
                        + e.getMessage(), e);
            }
        }
        try {
            EtcHosts.write(plan.stateDir(), plan.hostname(), plan.spec().network(), plan.spec().extraHosts());
            if (plan.spec().readOnly() && plan.spec().changesDirectory().startsWith(plan.stateDir())) {
                ChangesDirectory.checkUsable(plan.spec().changesDirectory(), plan.spec().rootfs());
                ChangesDirectory changes = new ChangesDirectory(plan.spec().changesDirectory());
                changes.create();
                ReadOnlyRoot.prepare(changes, plan.spec());
            }
        } catch (InvalidArgumentException e) {
            teardown.finishFailedStart();
            throw e;
        } catch (IOException e) {
            teardown.finishFailedStart();
            throw new ContainerStartException("cannot write the /etc/hosts of " + plan.name() + ": " + e.getMessage(), e);
        }
        if (plan.spec().cidFile() != null && !plan.again()) {
            try {
                Files.writeString(plan.spec().cidFile(), plan.id(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (IOException e) {
                teardown.finishFailedStart();
                throw new ContainerStartException("cannot write the container id file " + plan.spec().cidFile() + ": "
                        + e.getMessage(), e);
            }
            teardown.cidFileWritten();
        }
        return teardown;
    }

    /**
     * What {@link #plan} decided about a spec before anything starts.
     *
     * @param ports the spec's published ports with their host ports settled
     */
    private record Plan(ContainerSpec spec, HostInfo host, boolean boot, HostMode hostMode, String id, String name,
            String hostname, ContainerRecord record, List<PortMapping> ports, Path stateDir, boolean again) {
        /** The name the host knows it by: nspawn's machine, its cgroup. */
        String machine() {
            return record.machineName();
        }

        /** The container's /etc/hosts, written when its state directory is made (see {@link #guard}). */
        Path etcHosts() {
            return stateDir.resolve(EtcHosts.FILE_NAME);
        }
    }

    private Plan plan(ContainerSpec spec) throws RackerException {
        return plan(spec, null);
    }

    /** @param existing the container a start boots again (its id, name and creation kept); null for a new one */
    private Plan plan(ContainerSpec spec, ContainerRecord existing) throws RackerException {
        // names before anything else: a bad one is refused however the rest of the spec is
        if (spec.name() != null) {
            validName(spec.name());
        }
        if (spec.cidFile() != null && Files.exists(spec.cidFile(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidArgumentException("container ID file found, make sure the other container isn't running"
                    + " or delete " + spec.cidFile());
        }
        for (String tmpfs : spec.tmpfs()) {
            if (!tmpfs.startsWith("/") || tmpfs.contains(" ")) {
                throw new InvalidArgumentException("invalid --tmpfs " + InvalidArgumentException.quoted(tmpfs)
                        + ": give an absolute path in the container, then :OPTIONS if any (e.g. /run/cache:size=64m)");
            }
        }
        if (spec.hostname() != null) {
            validHostname(spec.hostname());
        }
        Path rootfs = spec.rootfs();
        if (!Files.isDirectory(rootfs)) {
            throw new InvalidArgumentException("no such root directory: " + rootfs
                    + " (--rootfs takes the directory of an unpacked root filesystem)");
        }
        if (spec.changesDirectory() != null) {
            ChangesDirectory.checkUsable(spec.changesDirectory(), rootfs);
            try {
                new ChangesDirectory(spec.changesDirectory()).create();
            } catch (IOException e) {
                throw new InvalidArgumentException("cannot make the changes directory " + spec.changesDirectory()
                        + ": " + e.getMessage());
            }
        }
        boolean boot = switch (spec.mode()) {
            case BOOT -> true;
            case APP -> false;
            case AUTO -> hasSystemd(rootfs);
        };
        if (boot && !hasSystemd(rootfs)) {
            throw new InvalidArgumentException("cannot boot " + rootfs + ": it has no systemd"
                    + " (/usr/lib/systemd/systemd); install it in the image or run without --boot");
        }
        if (!spec.ports().isEmpty() && spec.network() != NetworkMode.PRIVATE) {
            throw new InvalidArgumentException("cannot publish ports with --network " + spec.network().label() + ": "
                    + (spec.network() == NetworkMode.HOST
                    ? "the container shares the host's network, so its ports are the host's already"
                    : "the container has no network to forward to")
                    + "; use --network private, or leave --network out");
        }
        if (!spec.ports().isEmpty() && !boot) {
            throw new InvalidArgumentException("cannot publish ports of " + rootfs + ": published ports need a"
                    + " private network, which needs a container that boots (systemd in the root)");
        }
        if (spec.network() == NetworkMode.PRIVATE && !boot) {
            throw new InvalidArgumentException("--network private needs a container that boots (systemd in the"
                    + " root): its network is attached once the container's init is known; use --network none or"
                    + " host for " + rootfs);
        }
        HostInfo host = hostProbe.probe();
        if (host.unsupportedReason().isPresent()) {
            throw new HostUnsupportedException(host.unsupportedReason().get());
        }
        if (spec.network() == NetworkMode.PRIVATE && host.slirp4netns().isEmpty()) {
            throw new HostUnsupportedException(HostInfo.NO_SLIRP4NETNS);
        }
        if (boot && !host.cgroupLayout().startsWith("unified")) {
            java.util.OptionalInt systemd = SystemdVersion.of(rootfs);
            if (systemd.isPresent() && systemd.getAsInt() >= SystemdVersion.NEEDS_UNIFIED_CGROUPS) {
                throw new ContainerStartException("cannot boot " + spec.image() + ": its systemd "
                        + systemd.getAsInt() + " needs the unified cgroup hierarchy (cgroup v2), and this host"
                        + " has the " + host.cgroupLayout().replaceFirst(" .*", "") + " one; boot the host with"
                        + " systemd.unified_cgroup_hierarchy=1, boot the image as a VM (racker run --vm), or use an"
                        + " image with an older systemd");
            }
        }
        HostMode hostMode = host.machined() ? HostMode.MACHINED : HostMode.STANDALONE;
        // last of the checks, as it binds host ports for a moment: all else is known good
        List<PortMapping> ports = HostPorts.claim(spec.ports());
        String id = existing != null ? existing.id() : newId();
        String name = existing != null ? existing.name()
                : spec.name() != null ? validName(spec.name()) : "racker-" + id.substring(0, 12);
        String hostname = spec.hostname() != null ? validHostname(spec.hostname()) : id.substring(0, 12);
        ContainerRecord record = new ContainerRecord(id, name, spec.image(), rootfs.toString(), spec.command(),
                boot ? "boot" : "app", hostname, existing != null ? existing.created() : Instant.now(),
                ContainerStatus.CREATED, ProcessIdentity.self(),
                null, null, null, null, spec.removeOnExit(), spec.detach(),
                spec.environment().stream().map(EnvironmentVariable::assignment).toList(), spec.workingDirectory(),
                spec.volumes().stream().map(VolumeMount::toString).toList(), spec.network().label(), null,
                ports.stream().map(PortMapping::toString).toList(),
                spec.extraHosts().stream().map(ExtraHost::toString).toList(), null, spec.tty(), spec.labels());
        if (spec.readOnly() && spec.changesDirectory() == null) {
            // nspawn's volatile overlay stays writable under --read-only: the root is an overlay
            // of racker's own instead, its upper layer (nspawn's mount points only) kept with
            // the container's state
            spec = spec.withChangesDirectory(store.directoryOf(id).resolve(READ_ONLY_CHANGES));
        }
        return new Plan(spec, host, boot, hostMode, id, name, hostname, record, ports, store.directoryOf(id),
                existing != null);
    }

    private RunningContainer start(Plan plan) throws RackerException {
        ContainerRecord record = plan.record();
        Teardown teardown = guard(plan);
        try {
            PrivateNetwork network = null;
            if (plan.spec().network() == NetworkMode.PRIVATE) {
                network = PrivateNetwork.prepare(plan.host().slirp4netns().orElseThrow(), plan.machine(), plan.hostMode(),
                        store.directoryOf(plan.id()), plan.ports());
                teardown.networkPrepared(network);
            }
            BootedContainer.Booting booting = BootedContainer.start(plan.host().nspawn().orElseThrow(), plan.spec(),
                    plan.machine(), plan.hostname(), plan.hostMode(), !plan.spec().detach(), store.directoryOf(plan.id()),
                    network, log);
            teardown.nspawnStarted(booting.process());
            // While systemd boots: record the container, clean up after dead racker runs.
            teardown.update(record.starting(ProcessIdentity.of(booting.process().pid()).orElse(null)));
            new AbandonedContainerReaper(store, log).reap();
            BootedContainer container = booting.awaitReady();
            teardown.booted(container);
            teardown.update(record.running(container.nspawnIdentity(),
                    ProcessIdentity.of(container.leaderPid()).orElse(null))
                    .withNetworkHelper(container.networkHelper().orElse(null)));
            return new RunningContainer(plan.id(), plan.name(), container, teardown, log);
        } catch (RackerException | RuntimeException e) {
            teardown.finishFailedStart();
            throw e;
        }
    }

    private int runApp(Plan plan, Stdio stdio) throws RackerException, InterruptedException {
        ContainerRecord record = plan.record();
        List<String> appArgs = AppContainer.commandLine(plan.host().nspawn().orElseThrow(), plan.spec(), plan.machine(),
                plan.hostname(), plan.hostMode(), true, plan.etcHosts());
        Teardown teardown = guard(plan);
        int exitCode = 125;
        boolean started = false;
        try {
            store.save(record);
            new AbandonedContainerReaper(store, log).reap();
            AppContainer.Started app = AppContainer.start(appArgs, plan.machine(), plan.hostMode(),
                    plan.spec().systemCallFilter(), stdio,
                    keepsOutput(plan.spec(), stdio) ? OutputLog.in(plan.stateDir()) : null);
            teardown.nspawnStarted(app.process());
            started = true;
            teardown.update(record.running(ProcessIdentity.of(app.process().pid()).orElse(null), null));
            exitCode = app.waitFor();
            return exitCode;
        } catch (IOException e) {
            throw new ContainerStartException("cannot run the command in " + plan.name() + ": " + e.getMessage(), e);
        } finally {
            if (started) {
                teardown.finish(exitCode);
            } else {
                teardown.finishFailedStart();
            }
        }
    }

    static boolean hasSystemd(Path rootfs) {
        RootedFiles root = new RootedFiles(rootfs);
        return root.isRegularFile("/usr/lib/systemd/systemd") || root.isRegularFile("/lib/systemd/systemd");
    }

    public static String newId() {
        return HexFormat.of().formatHex(org.racker.host.KernelRandom.bytes(32));
    }

    /** Docker's names; the machine name derived from one is a valid hostname (see ContainerNames). */
    public static String validName(String name) throws InvalidArgumentException {
        if (!ContainerNames.isValid(name)) {
            throw new InvalidArgumentException("invalid container name " + InvalidArgumentException.quoted(name)
                    + ": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed, as docker's names (up to 64 characters)");
        }
        return name;
    }

    static String validHostname(String hostname) throws InvalidArgumentException {
        if (!hostname.matches("[a-zA-Z0-9]([a-zA-Z0-9-]{0,62})(\\.[a-zA-Z0-9][a-zA-Z0-9-]{0,62})*")
                || hostname.length() > 64) {
            throw new InvalidArgumentException("invalid hostname " + InvalidArgumentException.quoted(hostname)
                    + ": use letters, digits, '-' and dots, at most 64 characters");
        }
        return hostname;
    }

    /**
     * Tears a container down exactly once, whether the run ends normally or a signal ends the
     * JVM: {@link ExitCleanup} and the normal path share it.
     */
    static final class Teardown {
        private final ContainerStore store;
        private final EventLog log;
        private final boolean throwAway;
        private ContainerRecord record;
        private Process nspawn;
        private PrivateNetwork network;
        private BootedContainer booted;
        private boolean done;
        private final Path cidFile;
        private boolean cidFileWritten;
        private final boolean forgetOnFailedStart;
        /** What {@link ExitCleanup} runs when a signal ends the JVM first. */
        final Runnable onExit = this::onSignal;

        /**
         * @param throwAway whether the container may be ended at once rather than powered off
         * @param forgetOnFailedStart whether a failed start removes the record (a new container)
         *     or leaves it exited (a container started again)
         */
        Teardown(ContainerStore store, ContainerRecord record, EventLog log, boolean throwAway, Path cidFile,
                boolean forgetOnFailedStart) {
            this.forgetOnFailedStart = forgetOnFailedStart;
            this.cidFile = cidFile;
            this.store = store;
            this.record = record;
            this.log = log;
            this.throwAway = throwAway;
        }

        synchronized void nspawnStarted(Process process) {
            nspawn = process;
        }

        synchronized void networkPrepared(PrivateNetwork value) {
            network = value;
        }

        synchronized void update(ContainerRecord newer) {
            record = newer;
            store.save(newer);
        }

        /** The container outlives racker: record nspawn as its owner and stand down. */
        synchronized void detach() {
            done = true;
            ExitCleanup.unregister(onExit);
            record = record.detach();
            store.save(record);
        }

        synchronized void booted(BootedContainer container) {
            booted = container;
        }

        void onSignal() {
            log.info("interrupted: stopping " + record.name());
            finish(130);
        }

        synchronized void finish(int exitCode) {
            finish(exitCode, record.removeOnExit());
        }

        /** Removes the record of a container that is gone, as {@code rm} would. */
        synchronized void forget() {
            if (!done) {
                throw new IllegalStateException("the container is still running");
            }
            store.remove(record);
        }

        synchronized ContainerRecord record() {
            return record;
        }

        /**
         * A new container that never started leaves no record: there is nothing to inspect or
         * rm. One started again stays, exited, as it was before.
         */
        synchronized void finishFailedStart() {
            finish(125, forgetOnFailedStart);
            if (cidFileWritten) {
                try {
                    Files.deleteIfExists(cidFile);
                } catch (IOException e) {
                    log.info("cannot remove " + cidFile + ": " + e.getMessage());
                }
            }
        }

        synchronized void cidFileWritten() {
            cidFileWritten = true;
        }

        private void finish(int exitCode, boolean forget) {
            if (done) {
                return;
            }
            done = true;
            ExitCleanup.unregister(onExit);
            if (booted != null && throwAway) {
                booted.discard();
            } else if (booted != null) {
                booted.close();
            } else if (nspawn != null && nspawn.isAlive()) {
                nspawn.destroy();
                if (!ProcessParent.waitQuietly(nspawn, java.time.Duration.ofSeconds(10))) {
                    nspawn.destroyForcibly();
                    ProcessParent.waitQuietly(nspawn, java.time.Duration.ofSeconds(10));
                }
            }
            if (network != null) {
                network.close(); // nspawn is gone: so is, or will be at once, slirp4netns
            }
            MachineLeftovers.removeFor(record.machineName());
            try {
                if (forget) {
                    store.remove(record);
                } else {
                    store.save(record.exited(exitCode, Instant.now()));
                }
            } catch (UncheckedIOException e) {
                log.info("could not update the state of " + record.name() + ": " + e.getMessage());
            }
        }
    }
}

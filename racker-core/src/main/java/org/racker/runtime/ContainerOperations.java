package org.racker.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.fs.RootedFiles;
import org.racker.host.HostProbe;
import org.racker.host.ProcessIdentity;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;
import org.racker.state.ContainerStore;

/**
 * What {@code exec}, {@code stop}, {@code kill} and {@code rm -f} do to a container that
 * another racker process started (a detached one, usually): everything goes through the
 * state record, so any racker invocation can act on any container.
 */
public final class ContainerOperations {
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final ContainerStore store;
    private final EventLog log;

    public ContainerOperations(ContainerStore store, EventLog log) {
        this.store = store;
        this.log = log;
    }

    /**
     * Starts a command in a running container with the given stdio. As with docker, the
     * command sees the container's environment (image and {@code run -e}) under its own.
     */
    public Process exec(ContainerRecord record, ExecRequest request, Stdio stdio) throws RackerException, IOException {
        requireRunning(record);
        request = withContainerEnvironment(record, request);
        // from the container's own files as they are now (a booted one's overlay may have
        // added users): a user it lacks is refused here, with docker's words, not by a bare
        // status 217 from systemd-run
        Path liveRoot = Path.of("/proc", Long.toString(record.leader().pid()), "root");
        ContainerUser user = request.user() == null ? null : ContainerUser.resolve(liveRoot, request.user());
        String workdir = request.workingDirectory();
        boolean workdirExists = workdir == null || new RootedFiles(Path.of(record.rootfs())).isDirectory(workdir);
        ProcessBuilder pb;
        if ("boot".equals(record.mode())) {
            HostMode hostMode = new HostProbe().machined() ? HostMode.MACHINED : HostMode.STANDALONE;
            pb = new ProcessBuilder(ExecCommandLine.of(request, hostMode, record.machineName(), record.leader().pid(),
                    record.hostname(), workdirExists));
        } else {
            Path rootfs = Path.of(record.rootfs());
            if (workdir != null && !new RootedFiles(rootfs).exists("/bin/sh")) {
                throw new InvalidArgumentException("exec -w needs /bin/sh in the image of " + record.name()
                        + ", which has none; leave out -w and give the command absolute paths");
            }
            List<String> command = ExecCommandLine.app(request, record.leader().pid(), user);
            boolean relay = request.tty() && stdio.out() == ProcessBuilder.Redirect.INHERIT;
            if (relay) {
                // a session of its own whose controlling terminal is the container's pty
                command = new java.util.ArrayList<>(command);
                command.addAll(0, List.of("setsid", "--ctty"));
            }
            pb = new ProcessBuilder(command);
            pb.environment().clear();
            pb.environment().putAll(ExecCommandLine.appEnvironment(request, record.hostname(), user));
            if (relay) {
                log.debug("exec: " + CommandLines.render(pb.command()) + " on a terminal of the container's own");
                return TerminalRelay.start(pb, ContainerPty.open(Path.of("/proc", Long.toString(record.leader().pid()),
                        "root")), request.interactive());
            }
        }
        log.debug("exec: " + CommandLines.render(pb.command()));
        return pb.redirectInput(stdio.in()).redirectOutput(stdio.out()).redirectError(stdio.err()).start();
    }

    private static ExecRequest withContainerEnvironment(ContainerRecord record, ExecRequest request)
            throws org.racker.InvalidArgumentException {
        if (record.environment().isEmpty()) {
            return request;
        }
        java.util.List<EnvironmentVariable> vars = new java.util.ArrayList<>();
        for (String assignment : record.environment()) {
            EnvironmentVariable.parse(assignment, java.util.Map.of()).ifPresent(vars::add);
        }
        vars.addAll(request.environment());
        return new ExecRequest(request.command(), vars, request.workingDirectory(), request.user(), request.interactive(),
                request.tty());
    }

    /**
     * Powers the container off (SIGTERM to nspawn, which sends systemd SIGRTMIN+4) and kills it
     * when it has not stopped after {@code timeout}. Returns the record as exited.
     */
    public ContainerRecord stop(ContainerRecord record, Duration timeout) {
        return underLock(record, current -> {
            ContainerRecord mine = takeOver(current);
            boolean app = "app".equals(mine.mode()) && mine.detached();
            boolean stopped = mine.nspawn() == null
                    || (app ? stopCommand(mine, timeout) : signalAndWait(mine.nspawn(), false, timeout));
            if (!stopped) {
                log.info("container " + mine.name() + " did not power off within " + timeout.toSeconds() + " s; killing it");
            }
            return finish(mine, !stopped ? AbandonedContainerReaper.KILLED : app ? commandExitCode(mine) : 0);
        });
    }

    /**
     * Stops an app container as docker does: SIGTERM to its command (the child of nspawn's
     * stub init), so the command's own exit status becomes the container's; the stub then
     * ends and nspawn with it. A poweroff request instead would make the stub report every
     * command as powered off (0).
     */
    private static boolean stopCommand(ContainerRecord record, Duration timeout) {
        java.util.Optional<ProcessHandle> command = record.leader() == null ? java.util.Optional.empty()
                : ProcessHandle.of(record.leader().pid()).flatMap(leader -> leader.children().findFirst());
        if (command.isEmpty()) {
            return signalAndWait(record.nspawn(), false, timeout);
        }
        command.get().destroy();
        return record.nspawn().awaitExit(timeout);
    }

    /** What the supervisor kept of the stub init's status: 255 is the stub's word for "died of a signal". */
    private int commandExitCode(ContainerRecord record) {
        int status = DetachedSupervisor.exitStatus(store.directoryOf(record.id())).orElse(255);
        return status == 255 ? 128 + 15 : status;
    }

    /** Kills every process of the container at once. */
    public ContainerRecord kill(ContainerRecord record) {
        return underLock(record, current -> finish(takeOver(current), AbandonedContainerReaper.KILLED));
    }

    /**
     * Applies {@code change} to the record as it is once this process holds its lock, and only
     * if it still runs: another racker may have stopped it, or its reaper marked it exited,
     * between the caller's read and now.
     */
    private ContainerRecord underLock(ContainerRecord record, java.util.function.UnaryOperator<ContainerRecord> change) {
        java.util.Optional<org.racker.fs.InterProcessLock> lock = store.lock(record.id());
        if (lock.isEmpty()) {
            return record.exited(record.exitCode() == null ? 0 : record.exitCode(), Instant.now());
        }
        try (org.racker.fs.InterProcessLock held = lock.get()) {
            ContainerRecord current = store.reload(record.id()).orElse(null);
            if (current == null) {
                return record.exited(record.exitCode() == null ? 0 : record.exitCode(), Instant.now());
            }
            return current.status() == ContainerStatus.RUNNING ? change.apply(current) : current;
        }
    }

    /** While this racker stops it, the container is its own: other rackers' reapers leave it alone. */
    private ContainerRecord takeOver(ContainerRecord record) {
        ContainerRecord mine = record.ownedBy(ProcessIdentity.self());
        store.save(mine);
        return mine;
    }

    private ContainerRecord finish(ContainerRecord record, int exitCode) {
        if (record.leader() != null) {
            record.leader().kill();
        }
        ContainerCgroup.forMachine(record.machineName()).killAll();
        if (record.nspawn() != null) {
            signalAndWait(record.nspawn(), true, KILL_WAIT);
        }
        PrivateNetwork.reap(record.networkHelper());
        MachineLeftovers.removeFor(record.machineName());
        ContainerRecord exited = record.exited(exitCode, Instant.now());
        if (record.removeOnExit()) {
            store.remove(record);
        } else {
            store.save(exited);
        }
        return exited;
    }

    /** SIGTERM (or SIGKILL) to a process racker did not start, then waits for it to go. */
    private static boolean signalAndWait(ProcessIdentity process, boolean force, Duration timeout) {
        if (!process.isAlive()) {
            return true;
        }
        ProcessHandle.of(process.pid()).ifPresent(force ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
        return process.awaitExit(timeout);
    }

    private static void requireRunning(ContainerRecord record) throws RackerException {
        if (record.status() != ContainerStatus.RUNNING || record.leader() == null || !record.leader().isAlive()) {
            throw new RackerException("container " + record.name() + " is not running");
        }
    }
}

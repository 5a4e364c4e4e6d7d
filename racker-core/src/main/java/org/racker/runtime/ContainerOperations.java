package org.racker.runtime;

import org.racker.EventLog;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import org.racker.RackerException;
import org.racker.host.HostProbe;
import org.racker.host.ProcessIdentity;
import org.racker.runtime.exec.ExecLauncher;
import org.racker.runtime.exec.ExecRequest;
import org.racker.runtime.exec.ExecTarget;
import org.racker.runtime.exec.Stdio;
import org.racker.runtime.network.PrivateNetwork;
import org.racker.runtime.process.ContainerCgroup;
import org.racker.runtime.process.HostMode;
import org.racker.runtime.process.MachineLeftovers;
import org.racker.runtime.process.Signal;
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

    /** Starts a command in a running container with the given stdio, as every exec does. */
    public Process exec(ContainerRecord record, ExecRequest request, Stdio stdio) throws RackerException, IOException {
        return new ExecLauncher(log).start(execTarget(record), request, stdio);
    }

    /** What running commands in the container needs; fails when it does not run. */
    public static ExecTarget execTarget(ContainerRecord record) throws RackerException {
        requireRunning(record);
        HostMode hostMode = "boot".equals(record.mode()) && new HostProbe().machined() ? HostMode.MACHINED
                : HostMode.STANDALONE;
        return ExecTarget.of(record, hostMode);
    }

    /**
     * Powers the container off (SIGTERM to nspawn, which sends systemd SIGRTMIN+4) and kills it
     * when it has not stopped after {@code timeout}. Returns the record as exited.
     */
    public ContainerRecord stop(ContainerRecord record, Duration timeout) {
        return stop(record, timeout, null);
    }

    /**
     * Stops a container, killing it after {@code timeout}: with {@code signal}, by sending it
     * to the main process (as {@code docker stop -s}); without, an app container's command gets
     * SIGTERM and a booted container is powered off in order.
     */
    public ContainerRecord stop(ContainerRecord record, Duration timeout, Signal signal) {
        return underLock(record, current -> {
            ContainerRecord mine = takeOver(current);
            boolean app = "app".equals(mine.mode()) && mine.detached();
            boolean stopped;
            if (mine.nspawn() == null) {
                stopped = true;
            } else if (signal != null) {
                mainProcess(mine).ifPresent(p -> send(p, signal));
                stopped = mine.nspawn().awaitExit(timeout);
            } else {
                stopped = app ? stopCommand(mine, timeout) : signalAndWait(mine.nspawn(), false, timeout);
            }
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
     * Sends {@code signal} to the container's main process, as {@code docker kill -s} does: a
     * booted container's init, an app container's command. What follows is the process's
     * own business (a booted systemd halts on SIGRTMIN+3); SIGKILL ends the whole container.
     */
    public ContainerRecord kill(ContainerRecord record, Signal signal) throws RackerException {
        if (signal.equals(Signal.KILL)) {
            return kill(record);
        }
        requireRunning(record);
        ProcessIdentity target = mainProcess(record).orElseThrow(() -> new ContainerNotRunningException(record.name()));
        send(target, signal);
        return record;
    }

    /** A booted container's init, or the command an app container's stub init runs. */
    private static java.util.Optional<ProcessIdentity> mainProcess(ContainerRecord record) {
        if (record.leader() == null || !record.leader().isAlive()) {
            return java.util.Optional.empty();
        }
        if (!"app".equals(record.mode())) {
            return java.util.Optional.of(record.leader());
        }
        return ProcessHandle.of(record.leader().pid()).flatMap(leader -> leader.children().findFirst())
                .flatMap(command -> ProcessIdentity.of(command.pid()));
    }

    private static void send(ProcessIdentity process, Signal signal) {
        if (!process.isAlive()) {
            return;
        }
        try {
            org.racker.nativeio.LibC.load().kill((int) process.pid(), signal.number());
        } catch (com.sun.jna.LastErrorException e) {
            // ESRCH: it ended between the check and the signal, which is what was asked
        }
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
            throw new ContainerNotRunningException(record.name());
        }
    }
}

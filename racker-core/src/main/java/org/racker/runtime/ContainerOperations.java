package org.racker.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.racker.RackerException;
import org.racker.fs.RootedPathResolver;
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

    /** Starts a command in a running container with the given stdio. */
    public Process exec(ContainerRecord record, ExecRequest request, Stdio stdio) throws RackerException, IOException {
        requireRunning(record);
        HostMode hostMode = new HostProbe().probe().machined() ? HostMode.MACHINED : HostMode.STANDALONE;
        String workdir = request.workingDirectory();
        boolean workdirExists = workdir == null || new RootedPathResolver(Path.of(record.rootfs())).resolve(workdir)
                .filter(Files::isDirectory).isPresent();
        return new ProcessBuilder(ExecCommandLine.of(request, hostMode, record.name(), record.leader().pid(),
                record.hostname(), workdirExists))
                .redirectInput(stdio.in()).redirectOutput(stdio.out()).redirectError(stdio.err()).start();
    }

    /**
     * Powers the container off (SIGTERM to nspawn, which sends systemd SIGRTMIN+4) and kills it
     * when it has not stopped after {@code timeout}. Returns the record as exited.
     */
    public ContainerRecord stop(ContainerRecord record, Duration timeout) {
        if (record.status() != ContainerStatus.RUNNING) {
            return record;
        }
        record = takeOver(record);
        boolean stopped = record.nspawn() == null || signalAndWait(record.nspawn(), false, timeout);
        if (!stopped) {
            log.info("container " + record.name() + " did not power off within " + timeout.toSeconds() + " s; killing it");
        }
        return finish(record, stopped ? 0 : AbandonedContainerReaper.KILLED);
    }

    /** Kills every process of the container at once. */
    public ContainerRecord kill(ContainerRecord record) {
        if (record.status() != ContainerStatus.RUNNING) {
            return record;
        }
        return finish(takeOver(record), AbandonedContainerReaper.KILLED);
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
        ContainerCgroup.forMachine(record.name()).killAll();
        if (record.nspawn() != null) {
            signalAndWait(record.nspawn(), true, KILL_WAIT);
        }
        PrivateNetwork.reap(record.networkHelper());
        MachineLeftovers.removeFor(record.name());
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
        if (!"boot".equals(record.mode())) {
            throw new RackerException("container " + record.name() + " runs its command without systemd: exec needs a booted container");
        }
    }
}

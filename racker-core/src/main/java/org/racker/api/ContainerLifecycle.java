package org.racker.api;

import java.time.Duration;
import org.racker.EventLog;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.host.HostProbe;
import org.racker.runtime.AbandonedContainerReaper;
import org.racker.runtime.ContainerOperations;
import org.racker.runtime.ContainerRunner;
import org.racker.runtime.exec.Stdio;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;
import org.racker.state.ContainerStore;
import org.racker.vm.VmExec;

/**
 * How {@link Containers} starts, stops, kills, restarts and waits for a container by name or
 * id: each looks its record up afresh, containers whose racker died settled first, so a dead
 * one reads as exited.
 */
final class ContainerLifecycle {
    private final ContainerStore store;
    private final EventLog log;

    ContainerLifecycle(ContainerStore store, EventLog log) {
        this.store = store;
        this.log = log;
    }

    void start(String nameOrId) throws RackerException {
        startAgain(record(nameOrId));
    }

    int startAttached(String nameOrId, boolean interactive) throws RackerException, InterruptedException {
        ContainerRecord record = record(nameOrId);
        refuseVmStart(record);
        return runner().runAgain(record, Stdio.inherit(interactive));
    }

    void stop(String nameOrId, Duration timeout, Signal signal) throws RackerException {
        ContainerRecord record = record(nameOrId);
        if (VmExec.isVm(record)) {
            try {
                VmExec.powerOff(record, timeout);
            } catch (InterruptedException e) {
                // the stop below ends QEMU at once; the caller still sees the interrupt
                Thread.currentThread().interrupt();
            }
        }
        new ContainerOperations(store, log).stop(record, timeout, signal == null ? null : signal.toRuntime());
    }

    void kill(String nameOrId, Signal signal) throws RackerException {
        new ContainerOperations(store, log).kill(record(nameOrId), signal.toRuntime());
    }

    void restart(String nameOrId, Duration timeout) throws RackerException {
        ContainerRecord record = record(nameOrId);
        if (record.status() != ContainerStatus.EXITED && !record.awaitsStart()) {
            new ContainerOperations(store, log).stop(record, timeout, null);
            record = store.find(record.id());
        }
        startAgain(record);
    }

    int awaitExit(String nameOrId) throws RackerException, InterruptedException {
        String id = record(nameOrId).id();
        AbandonedContainerReaper reaper = new AbandonedContainerReaper(store, log);
        ContainerRecord record;
        // another process owns the container: its record changes when it stops (or the reaper
        // marks it exited once its nspawn is gone); a short poll of that one record
        while ((record = reaper.refresh(id).orElse(null)) != null && record.status() != ContainerStatus.EXITED) {
            Thread.sleep(100);
        }
        return record == null ? 0 : record.exitCode();
    }

    private ContainerRecord record(String nameOrId) throws RackerException {
        return new StoredContainers(store, log).record(nameOrId);
    }

    private ContainerRunner runner() {
        return new ContainerRunner(store, new HostProbe(), log);
    }

    private void startAgain(ContainerRecord record) throws RackerException {
        refuseVmStart(record);
        try {
            runner().startAgain(record);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RackerException("interrupted while starting " + record.name());
        }
    }

    private static void refuseVmStart(ContainerRecord record) throws InvalidArgumentException {
        if (VmExec.isVm(record)) {
            throw new InvalidArgumentException("cannot start " + record.name() + ": starting a VM again is not"
                    + " supported yet; run a new one with racker run --vm");
        }
    }
}

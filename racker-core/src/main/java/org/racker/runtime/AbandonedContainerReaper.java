package org.racker.runtime;

import org.racker.EventLog;
import java.time.Instant;
import org.racker.host.ProcessIdentity;
import org.racker.runtime.network.PrivateNetwork;
import org.racker.runtime.process.ContainerCgroup;
import org.racker.runtime.process.MachineLeftovers;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStore;

/**
 * Finishes the teardown of containers whose racker process died without doing it (SIGKILL,
 * a crash, a power cut): kills what still runs, removes nspawn's leftovers, and removes the
 * record or marks it exited. Runs at the start of every racker command that lists or starts
 * containers, so nothing abandoned outlives the next invocation.
 */
public final class AbandonedContainerReaper {
    /** Docker's code for a container that was killed (128 + SIGKILL). */
    static final int KILLED = 137;

    private final ContainerStore store;
    private final EventLog log;

    public AbandonedContainerReaper(ContainerStore store, EventLog log) {
        this.store = store;
        this.log = log;
    }

    public void reap() {
        reap(store.list());
    }

    /**
     * Reaps what {@code records} (the store's list, just read) shows abandoned. Returns whether
     * any record was: the caller's list is stale then. Lets a command that reads the list
     * anyway (exec looks its container up in it) read the state files once.
     */
    public boolean reap(java.util.List<ContainerRecord> records) {
        boolean stale = false;
        for (ContainerRecord record : records) {
            // Under the container's lock, and only if it is still abandoned then: a racker
            // stopping it holds the lock, and the record read above may be stale.
            if (record.isAbandoned()) {
                stale = true;
                reapIfStillAbandoned(record.id());
            }
        }
        ContainerCgroup.removeStale(java.time.Duration.ofMinutes(1));
        return stale;
    }

    /**
     * One container's record as it is now, reaped first if it was abandoned; empty once it is
     * removed. For commands that poll one container (wait, logs -f): they need not read every
     * record and walk the cgroup tree on each poll.
     */
    public java.util.Optional<ContainerRecord> refresh(String id) {
        java.util.Optional<ContainerRecord> record = store.reload(id);
        if (record.isPresent() && record.get().isAbandoned()) {
            reapIfStillAbandoned(id);
            record = store.reload(id);
        }
        return record;
    }

    private void reapIfStillAbandoned(String id) {
        store.tryLock(id).ifPresent(lock -> {
            try (lock) {
                store.reload(id).filter(ContainerRecord::isAbandoned).ifPresent(this::reap);
            }
        });
    }

    private void reap(ContainerRecord record) {
        if (!record.detached()) {
            log.info("cleaning up " + record.name() + ", abandoned by racker process " + record.owner().pid());
        }
        if (record.leader() != null) {
            record.leader().kill();
        }
        ContainerCgroup.forMachine(record.machineName()).killAll();
        if (record.nspawn() != null && !record.nspawn().awaitExit(java.time.Duration.ofSeconds(10))) {
            record.nspawn().kill();
        }
        PrivateNetwork.reap(record.networkHelper());
        MachineLeftovers.removeFor(record.machineName());
        if (record.removeOnExit()) {
            store.remove(record);
        } else {
            // a detached container that ended by itself: its supervisor wrote nspawn's status
            java.nio.file.Path dir = store.directoryOf(record.id());
            int code = record.detached() ? DetachedSupervisor.exitStatus(dir).orElse(KILLED) : KILLED;
            Instant finished = record.detached() ? DetachedSupervisor.exitTime(dir).orElse(Instant.now()) : Instant.now();
            store.save(record.exited(code, finished));
        }
    }
}

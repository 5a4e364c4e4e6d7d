package org.racker.runtime;

import java.time.Instant;
import org.racker.host.ProcessIdentity;
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
        for (ContainerRecord record : store.list()) {
            if (record.isAbandoned()) {
                reap(record);
            }
        }
        ContainerCgroup.removeStale(java.time.Duration.ofMinutes(1));
    }

    private void reap(ContainerRecord record) {
        log.info("cleaning up " + record.name() + ", abandoned by racker process " + record.owner().pid());
        if (record.leader() != null) {
            record.leader().kill();
        }
        ContainerCgroup.forMachine(record.name()).killAll();
        if (record.nspawn() != null && !record.nspawn().awaitExit(java.time.Duration.ofSeconds(10))) {
            record.nspawn().kill();
        }
        PrivateNetwork.reap(record.networkHelper());
        MachineLeftovers.removeFor(record.name());
        if (record.removeOnExit()) {
            store.remove(record);
        } else {
            store.save(record.exited(KILLED, Instant.now()));
        }
    }
}

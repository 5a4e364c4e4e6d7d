package org.racker.api;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.racker.EventLog;
import org.racker.RackerException;
import org.racker.output.LogQuery;
import org.racker.runtime.AbandonedContainerReaper;
import org.racker.runtime.ContainerLogReader;
import org.racker.runtime.ContainerOperations;
import org.racker.runtime.UnrecordedContainers;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;
import org.racker.state.ContainerStore;
import org.racker.state.DamagedRecord;
import org.racker.NoSuchContainerException;

/**
 * The container records of a state root as {@link Containers}' queries read them: settled
 * first (a container whose racker died reads as exited), and those that cannot be read,
 * damaged or gone while their container runs, reported and removable.
 */
final class StoredContainers {
    private final ContainerStore store;
    private final EventLog log;

    StoredContainers(ContainerStore store, EventLog log) {
        this.store = store;
        this.log = log;
    }

    /** One read of the state files, a second only when the reaper changed some. */
    private ContainerStore.Contents settledContents() {
        ContainerStore.Contents contents = store.contents();
        if (new AbandonedContainerReaper(store, log).reap(contents.records())) {
            contents = store.contents();
        }
        return contents;
    }

    List<ContainerInfo> list() {
        return settledContents().records().stream().map(ContainerInfo::of).toList();
    }

    List<ContainerInfo> list(ContainerFilter filter, boolean includeExited) {
        return select(list(), filter, includeExited);
    }

    /** What {@code ps} shows: the containers and the store's problems, from one settled read. */
    ContainerListing listing(ContainerFilter filter, boolean includeExited) {
        ContainerStore.Contents contents = settledContents();
        List<ContainerInfo> all = contents.records().stream().map(ContainerInfo::of).toList();
        return new ContainerListing(select(all, filter, includeExited), problems(contents));
    }

    private static List<ContainerInfo> select(List<ContainerInfo> all, ContainerFilter filter, boolean includeExited) {
        boolean everyState = includeExited || filter.listsAll();
        List<ContainerInfo> candidates = all.stream()
                .filter(c -> everyState || c.state() != ContainerState.EXITED && !c.awaitsStart()).toList();
        return filter.select(candidates, all);
    }

    /** Read as they are, not settled: quick enough for a shell's completion. */
    SortedSet<String> names() {
        SortedSet<String> names = new TreeSet<>();
        for (ContainerRecord r : store.list()) {
            names.add(r.name());
        }
        return Collections.unmodifiableSortedSet(names);
    }

    private List<String> problems(ContainerStore.Contents contents) {
        List<String> lines = new ArrayList<>();
        for (DamagedRecord d : contents.damaged()) {
            lines.add(d.report());
        }
        for (UnrecordedContainers.Unrecorded u : UnrecordedContainers.of(store, contents)) {
            lines.add(u.report(store));
        }
        return lines;
    }

    /**
     * A container's record, by name, id or unique id prefix. A live container's record is
     * read alone; otherwise containers whose racker died are settled first, so a dead one
     * reads as exited: one read of the state files serves both, a second only when the reaper
     * changed some.
     */
    ContainerRecord record(String nameOrId) throws NoSuchContainerException {
        // the one record alone when it is healthy and its owner lives (exec is what scripts
        // call most, on hosts with many containers); a full settle when anything is amiss
        java.util.Optional<ContainerRecord> direct = store.findDirectly(nameOrId);
        if (direct.isPresent() && !direct.get().isAbandoned()) {
            return direct.get();
        }
        return store.find(nameOrId, settledContents().records());
    }

    void writeLogs(String nameOrId, LogQuery query, OutputStream out, OutputStream err)
            throws RackerException, IOException, InterruptedException {
        writeLogs(store, log, record(nameOrId), query, out, err);
    }

    /** The one way a container's log is read: {@link Containers#logs} and {@link Container#logs()}. */
    static void writeLogs(ContainerStore store, EventLog log, ContainerRecord record, LogQuery query,
            OutputStream out, OutputStream err) throws RackerException, IOException, InterruptedException {
        new ContainerLogReader(store, log).write(record, query, out, err);
    }

    void remove(String nameOrId, boolean force) throws RackerException {
        ContainerRecord r;
        try {
            r = record(nameOrId);
        } catch (NoSuchContainerException e) {
            if (removeWithoutRecord(nameOrId, force)) {
                return;
            }
            throw e;
        }
        if (r.status() != ContainerStatus.EXITED && !r.awaitsStart()) {
            if (!force) {
                throw new RackerException("cannot remove container \"/" + r.name() + "\": container is running: stop the"
                        + " container before removing or force remove (rm -f)");
            }
            r = new ContainerOperations(store, log).kill(r);
        }
        store.remove(r);
    }

    /**
     * A container racker has no usable record of: its state file is damaged, or its state is
     * gone while it still runs. Whatever still runs of it goes (with force only), then its
     * directory. False when {@code nameOrId} names no such container.
     */
    private boolean removeWithoutRecord(String nameOrId, boolean force) throws RackerException {
        ContainerStore.Contents contents = store.contents();
        Optional<DamagedRecord> damaged = store.findDamaged(nameOrId, contents.damaged());
        List<UnrecordedContainers.Unrecorded> unrecorded = UnrecordedContainers.of(store, contents);
        Optional<UnrecordedContainers.Unrecorded> running = UnrecordedContainers.find(
                damaged.map(DamagedRecord::id).orElse(nameOrId), unrecorded);
        if (damaged.isEmpty() && running.isEmpty()) {
            return false;
        }
        if (running.isPresent()) {
            if (!force) {
                throw new RackerException("container " + running.get().id() + " is running without usable state:"
                        + " remove it with rm -f");
            }
            UnrecordedContainers.kill(running.get());
            store.forgetNames(running.get().id());
        }
        damaged.ifPresent(store::remove);
        return true;
    }
}

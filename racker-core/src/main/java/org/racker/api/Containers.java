package org.racker.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.racker.EventLog;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.distro.BootableImageStore;
import org.racker.output.LogQuery;
import org.racker.runtime.AbandonedContainerReaper;
import org.racker.runtime.ContainerLogReader;
import org.racker.runtime.ContainerOperations;
import org.racker.runtime.UnrecordedContainers;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;
import org.racker.state.ContainerStore;
import org.racker.state.DamagedRecord;
import org.racker.state.NoSuchContainerException;
import org.racker.vm.VmFiles;

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

    // ---- end of lifecycle ----

    Path root() {
        return root;
    }

    // ---- queries and contents: list, find, inspect, logs, ports, files, remove ----

    /**
     * The records as they stand once containers whose racker died are settled (marked
     * exited): one read of the state files, a second only when the reaper changed some.
     */
    private ContainerStore.Contents settledContents() {
        ContainerStore.Contents contents = store.contents();
        if (new AbandonedContainerReaper(store, log).reap(contents.records())) {
            contents = store.contents();
        }
        return contents;
    }

    /** Every container whose record can be read, newest first. */
    public List<ContainerInfo> list() {
        return settledContents().records().stream().map(ContainerInfo::of).toList();
    }

    /**
     * The names of every container, sorted: a read of the records alone, without settling
     * abandoned ones, quick enough for a shell's completion.
     */
    public SortedSet<String> names() {
        SortedSet<String> names = new TreeSet<>();
        for (ContainerRecord r : store.list()) {
            names.add(r.name());
        }
        return Collections.unmodifiableSortedSet(names);
    }

    /**
     * The containers {@code filter} lets pass, newest first, as docker's {@code ps} lists
     * them: running ones, and with {@code includeExited} (or a filter by status) also the
     * exited ones and those created and not started yet.
     */
    public List<ContainerInfo> list(ContainerFilter filter, boolean includeExited) {
        List<ContainerInfo> all = list();
        boolean everyState = includeExited || filter.listsAll();
        List<ContainerInfo> candidates = all.stream()
                .filter(c -> everyState || c.state() != ContainerState.EXITED && !c.awaitsStart()).toList();
        return filter.select(candidates, all);
    }

    /**
     * One line each for the containers that cannot be listed, saying how to remove them: a
     * damaged state file, or one running with its state gone.
     */
    public List<String> problems() {
        ContainerStore.Contents contents = store.contents();
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
     * A container by its name, its id or a unique prefix of the id, as docker finds it.
     *
     * @throws NoSuchContainerException when none answers to {@code nameOrId}
     */
    public ContainerInfo find(String nameOrId) throws RackerException {
        return ContainerInfo.of(record(nameOrId));
    }

    /** As {@link #find}, empty when no container answers to {@code nameOrId}. */
    public Optional<ContainerInfo> lookup(String nameOrId) {
        try {
            return Optional.of(ContainerInfo.of(record(nameOrId)));
        } catch (NoSuchContainerException e) {
            return Optional.empty();
        }
    }

    private ContainerRecord record(String nameOrId) throws NoSuchContainerException {
        return store.find(nameOrId, settledContents().records());
    }

    /**
     * The image a container's bootable image was made from, when racker made its root
     * bootable (see {@link ResolvedImage#derivedFrom()}); empty for a root that is the
     * image's own.
     */
    public Optional<DerivedImage> derivedFrom(ContainerInfo container) {
        return new BootableImageStore(root).ofRootfs(container.rootfs()).map(DerivedImage::of);
    }

    /**
     * Writes a container's log as {@code options} say: what its command wrote (stdout lines
     * to {@code out}, stderr lines to {@code err} where racker kept them apart), else a
     * booted container's journal. Readable after it stopped, while it is not removed; with
     * {@link LogOptions#follow()} it returns once the container stopped.
     *
     * @throws IOException when {@code out} or {@code err} cannot be written, or the log read
     */
    public void logs(String nameOrId, LogOptions options, OutputStream out, OutputStream err)
            throws RackerException, IOException, InterruptedException {
        writeLogs(store, log, record(nameOrId), options.query(), out, err);
    }

    /** The one way a container's log is read: {@link #logs} and {@link Container#logs()}. */
    static void writeLogs(ContainerStore store, EventLog log, ContainerRecord record, LogQuery query,
            OutputStream out, OutputStream err) throws RackerException, IOException, InterruptedException {
        new ContainerLogReader(store, log).write(record, query, out, err);
    }

    /**
     * Removes an exited container, its record and files, as docker's {@code rm}; with
     * {@code force} a running one is killed first. A container whose state file is damaged,
     * or whose state is gone while it runs, is removed too (a running one with {@code force}).
     *
     * @throws NoSuchContainerException when none answers to {@code nameOrId}
     * @throws RackerException when it runs and {@code force} is not given
     */
    public void remove(String nameOrId, boolean force) throws RackerException {
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

    /**
     * Copies a host file or directory into a running container, as docker's {@code cp HOST
     * CONTAINER:PATH}: into {@code containerPath} when it is a directory, else as it (its
     * directory must exist); a {@code hostPath} ending in {@code /.} copies what the
     * directory holds. A relative {@code containerPath} starts at the container's working
     * directory. Modes, owners and symlinks are kept.
     *
     * @return what was skipped: device nodes, sockets and fifos are not copied
     */
    public List<String> copyIn(String nameOrId, String hostPath, String containerPath) throws RackerException {
        ContainerRecord record = record(nameOrId);
        if (VmFilesCopy.isVm(record)) {
            VmFilesCopy vm = VmFilesCopy.of(record, ContainerFiles.contentsOf(hostPath), false);
            return vm.copyIn(Path.of(hostPath).toAbsolutePath().normalize(), inContainer(record, containerPath));
        }
        String inside = inContainer(record, containerPath);
        ContainerFiles files = new ContainerFiles(writableRoot(record));
        return files.copyIn(ContainerFiles.existing(Path.of(hostPath)), inside, ContainerFiles.contentsOf(hostPath));
    }

    /** Unpacks a tar stream into the directory {@code containerDirectory} of a running container, as {@code cp - CONTAINER:DIR}. */
    public List<String> copyIn(String nameOrId, InputStream tar, String containerDirectory) throws RackerException {
        ContainerRecord record = record(nameOrId);
        if (VmFilesCopy.isVm(record)) {
            return VmFilesCopy.of(record, false, false).readTar(tar, inContainer(record, containerDirectory));
        }
        String inside = inContainer(record, containerDirectory);
        return new ContainerFiles(writableRoot(record)).readTar(tar, inside);
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
    public List<String> copyOut(String nameOrId, String containerPath, Path hostPath, boolean followLink)
            throws RackerException {
        ContainerRecord record = record(nameOrId);
        if (VmFilesCopy.isVm(record)) {
            VmFilesCopy vm = VmFilesCopy.of(record, ContainerFiles.contentsOf(containerPath), followLink);
            return vm.copyOut(inContainer(record, containerPath), hostPath);
        }
        String inside = inContainer(record, containerPath);
        boolean contents = ContainerFiles.contentsOf(inside);
        return new ContainerFiles(readableRoot(record)).copyOut(inside, hostPath, contents, followLink && !contents);
    }

    /** As {@link #copyOut(String, String, Path, boolean)}, as a tar stream written to {@code tar} ({@code cp CONTAINER:PATH -}). */
    public List<String> copyOut(String nameOrId, String containerPath, OutputStream tar, boolean followLink)
            throws RackerException {
        ContainerRecord record = record(nameOrId);
        if (VmFilesCopy.isVm(record)) {
            VmFilesCopy vm = VmFilesCopy.of(record, ContainerFiles.contentsOf(containerPath), followLink);
            return vm.writeTar(inContainer(record, containerPath), tar);
        }
        String inside = inContainer(record, containerPath);
        boolean contents = ContainerFiles.contentsOf(inside);
        return new ContainerFiles(readableRoot(record)).writeTar(inside, tar, contents, followLink && !contents);
    }

    /**
     * A path in the container: a relative one is relative to the container's working
     * directory, as docker's are. "/." at the end is kept: it asks for a directory's contents.
     */
    private static String inContainer(ContainerRecord record, String path) {
        if (path.startsWith("/")) {
            return path;
        }
        String base = record.workingDirectory() == null || record.workingDirectory().isEmpty() ? "/"
                : record.workingDirectory();
        return (base.endsWith("/") ? base : base + "/") + path;
    }

    private static boolean runs(ContainerRecord record) {
        return record.status() == ContainerStatus.RUNNING && record.leader() != null && record.leader().isAlive();
    }

    /** A container that is not running has the root its next boot starts from: its image. */
    private static Path readableRoot(ContainerRecord record) {
        return runs(record) ? ContainerFiles.liveRoot(record.leader().pid()) : Path.of(record.rootfs());
    }

    private static Path writableRoot(ContainerRecord record) throws RackerException {
        if (!runs(record)) {
            throw new RackerException("cannot copy into " + record.name() + ", which is not running: every boot of a"
                    + " racker container starts from its image, so the copy would be gone; start it first, or give"
                    + " it a volume (-v)");
        }
        return ContainerFiles.liveRoot(record.leader().pid());
    }

    /** A VM's files go through its guest agent (see {@link VmFiles}); interrupted, the copy says so. */
    private static final class VmFilesCopy {
        private final VmFiles files;

        private VmFilesCopy(VmFiles files) {
            this.files = files;
        }

        static boolean isVm(ContainerRecord record) {
            return org.racker.vm.VmExec.isVm(record);
        }

        static VmFilesCopy of(ContainerRecord record, boolean contents, boolean followLink) throws RackerException {
            if (followLink || contents) {
                throw new InvalidArgumentException("cp -L and SOURCE/. are not supported for VMs yet: copy the path"
                        + " itself");
            }
            return new VmFilesCopy(new VmFiles(record));
        }

        List<String> copyIn(Path local, String inside) throws RackerException {
            return interruptible(() -> files.copyIn(local, inside));
        }

        List<String> readTar(InputStream in, String inside) throws RackerException {
            return interruptible(() -> {
                files.readTar(in, inside);
                return List.of();
            });
        }

        List<String> copyOut(String inside, Path local) throws RackerException {
            return interruptible(() -> {
                files.copyOut(inside, local);
                return List.of();
            });
        }

        List<String> writeTar(String inside, OutputStream out) throws RackerException {
            return interruptible(() -> {
                files.writeTar(inside, out);
                return List.of();
            });
        }

        private interface Call {
            List<String> run() throws RackerException, InterruptedException;
        }

        private static List<String> interruptible(Call call) throws RackerException {
            try {
                return call.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RackerException("interrupted while copying with a VM", e);
            }
        }
    }

    // ---- end of queries ----
}

package org.racker.api;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import org.racker.EventLog;
import org.racker.state.ContainerStore;

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

    private StoredContainers stored() {
        return new StoredContainers(store, log);
    }

    /** Every container whose record can be read, newest first; those whose racker died read as exited. */
    public java.util.List<ContainerInfo> list() {
        return stored().list();
    }

    /**
     * The containers {@code filter} lets pass, newest first, as docker's {@code ps} lists
     * them: running ones, and with {@code includeExited} (or a filter by status) also the
     * exited ones and those created and not started yet.
     */
    public java.util.List<ContainerInfo> list(ContainerFilter filter, boolean includeExited) {
        return stored().list(Objects.requireNonNull(filter, "filter"), includeExited);
    }

    /**
     * The names of every container, sorted: a read of the records alone, without settling
     * those whose racker died, quick enough for a shell's completion.
     */
    public java.util.SortedSet<String> names() {
        return stored().names();
    }

    /**
     * One line each for the containers that cannot be listed, saying how to remove them: a
     * damaged state file, or one running with its state gone.
     */
    public java.util.List<String> problems() {
        return stored().problems();
    }

    /**
     * A container by its name, its id or a unique prefix of the id, as docker finds it.
     *
     * @throws org.racker.RackerException when none answers to {@code nameOrId} (a
     *     {@code NoSuchContainerException}, which the {@code racker} command exits 1 on)
     */
    public ContainerInfo find(String nameOrId) throws org.racker.RackerException {
        return ContainerInfo.of(stored().record(nameOrId));
    }

    /** As {@link #find}, empty when no container answers to {@code nameOrId}. */
    public java.util.Optional<ContainerInfo> lookup(String nameOrId) {
        try {
            return java.util.Optional.of(ContainerInfo.of(stored().record(nameOrId)));
        } catch (org.racker.state.NoSuchContainerException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * The image a container's bootable image was made from, when racker made its root
     * bootable (see {@link ResolvedImage#derivedFrom()}); empty for a root that is the
     * image's own.
     */
    public java.util.Optional<DerivedImage> derivedFrom(ContainerInfo container) {
        return new org.racker.distro.BootableImageStore(root).ofRootfs(container.rootfs()).map(DerivedImage::of);
    }

    /**
     * Writes a container's log as {@code options} say: what its command wrote (stdout lines
     * to {@code out}, stderr lines to {@code err} where racker kept them apart), else a
     * booted container's journal. Readable after it stopped, while it is not removed; with
     * {@link LogOptions#follow()} it returns once the container stopped.
     *
     * @throws java.io.IOException when {@code out} or {@code err} cannot be written, or the log read
     */
    public void logs(String nameOrId, LogOptions options, java.io.OutputStream out, java.io.OutputStream err)
            throws org.racker.RackerException, java.io.IOException, InterruptedException {
        stored().writeLogs(nameOrId, options.query(), out, err);
    }

    /**
     * Removes an exited container, its record and files, as docker's {@code rm}; with
     * {@code force} a running one is killed first. A container whose state file is damaged,
     * or whose state is gone while it runs, is removed too (a running one with {@code force}).
     *
     * @throws org.racker.RackerException when none answers to {@code nameOrId}, or it runs and
     *     {@code force} is not given
     */
    public void remove(String nameOrId, boolean force) throws org.racker.RackerException {
        stored().remove(nameOrId, force);
    }

    /**
     * Copies a host file or directory into a running container, as docker's {@code cp HOST
     * CONTAINER:PATH}: into {@code containerPath} when it is a directory, else as it (its
     * directory must exist); a {@code hostPath} ending in {@code /.} copies what the
     * directory holds. A relative {@code containerPath} starts at the container's working
     * directory. Modes, owners and symlinks are kept.
     *
     * @param hostPath as the user gave it: docker's {@code /.} suffix is part of what it says
     * @return what was skipped: device nodes, sockets and fifos are not copied
     */
    public java.util.List<String> copyIn(String nameOrId, String hostPath, String containerPath)
            throws org.racker.RackerException {
        return ContainerCopies.copyIn(stored().record(nameOrId), hostPath, containerPath);
    }

    /**
     * Unpacks a tar stream into the directory {@code containerDirectory} of a running
     * container, as docker's {@code cp - CONTAINER:DIR}.
     *
     * @return what was skipped: device nodes, sockets and fifos are not copied
     */
    public java.util.List<String> copyIn(String nameOrId, java.io.InputStream tar, String containerDirectory)
            throws org.racker.RackerException {
        return ContainerCopies.copyIn(stored().record(nameOrId), tar, containerDirectory);
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
    public java.util.List<String> copyOut(String nameOrId, String containerPath, Path hostPath, boolean followLink)
            throws org.racker.RackerException {
        return ContainerCopies.copyOut(stored().record(nameOrId), containerPath, hostPath, followLink);
    }

    /**
     * As {@link #copyOut(String, String, Path, boolean)}, as a tar stream written to
     * {@code tar} (docker's {@code cp CONTAINER:PATH -}).
     */
    public java.util.List<String> copyOut(String nameOrId, String containerPath, java.io.OutputStream tar,
            boolean followLink) throws org.racker.RackerException {
        return ContainerCopies.copyOut(stored().record(nameOrId), containerPath, tar, followLink);
    }

    // ---- end of queries ----
}

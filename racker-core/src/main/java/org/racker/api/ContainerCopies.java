package org.racker.api;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;
import org.racker.vm.VmExec;
import org.racker.vm.VmFiles;

/**
 * {@link Containers}' copies, as docker's {@code cp} makes them: a container's paths relative
 * to its working directory, a path ending in {@code /.} for a directory's contents, out of a
 * container that is not running from its image. A container's files go through its root
 * ({@link ContainerFiles}), a VM's through its guest agent ({@link VmFiles}).
 */
final class ContainerCopies {
    private ContainerCopies() { }

    /** docker's {@code cp HOST CONTAINER:PATH}: see {@link Containers#copyIn(String, String, String)}. */
    static List<String> copyIn(ContainerRecord record, String hostPath, String containerPath) throws RackerException {
        if (VmFilesCopy.isVm(record)) {
            VmFilesCopy vm = VmFilesCopy.of(record, ContainerFiles.contentsOf(hostPath), false);
            return vm.copyIn(Path.of(hostPath).toAbsolutePath().normalize(), inContainer(record, containerPath));
        }
        String inside = inContainer(record, containerPath);
        ContainerFiles files = new ContainerFiles(writableRoot(record));
        return files.copyIn(ContainerFiles.existing(Path.of(hostPath)), inside, ContainerFiles.contentsOf(hostPath));
    }

    /** A tar stream into a directory: see {@link Containers#copyIn(String, java.io.InputStream, String)}. */
    static List<String> copyIn(ContainerRecord record, InputStream tar, String containerDirectory)
            throws RackerException {
        if (VmFilesCopy.isVm(record)) {
            return VmFilesCopy.of(record, false, false).readTar(tar, inContainer(record, containerDirectory));
        }
        String inside = inContainer(record, containerDirectory);
        return new ContainerFiles(writableRoot(record)).readTar(tar, inside);
    }

    /** docker's {@code cp CONTAINER:PATH HOST}: see {@link Containers#copyOut(String, String, Path, boolean)}. */
    static List<String> copyOut(ContainerRecord record, String containerPath, Path hostPath, boolean followLink)
            throws RackerException {
        if (VmFilesCopy.isVm(record)) {
            VmFilesCopy vm = VmFilesCopy.of(record, ContainerFiles.contentsOf(containerPath), followLink);
            return vm.copyOut(inContainer(record, containerPath), hostPath);
        }
        String inside = inContainer(record, containerPath);
        boolean contents = ContainerFiles.contentsOf(inside);
        return new ContainerFiles(readableRoot(record)).copyOut(inside, hostPath, contents, followLink && !contents);
    }

    /** The same as a tar stream: see {@link Containers#copyOut(String, String, java.io.OutputStream, boolean)}. */
    static List<String> copyOut(ContainerRecord record, String containerPath, OutputStream tar, boolean followLink)
            throws RackerException {
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
            return VmExec.isVm(record);
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
}

package org.racker.cli;

import static org.racker.cli.CommandModel.flag;
import static org.racker.cli.CommandModel.positional;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.runtime.files.ContainerFileCopy;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;
import org.racker.state.ContainerStore;
import org.racker.vm.VmExec;
import org.racker.vm.VmFiles;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code racker cp}: files and directories in and out of a running container, modes, owners
 * and symlinks kept. racker copies through the container's root itself (see
 * {@link ContainerFileCopy}), so it needs no tar in the image, and the container's paths and
 * symlinks resolve inside its root, never on the host.
 */
public final class CpCommand implements Callable<Integer> {
    private final RackerCommand parent;
    boolean followLink;
    String source;
    String destination;

    CpCommand(RackerCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        return CommandModel.of(this, "cp", "Copy between a container and the host:",
                        "  racker cp HOST-PATH CONTAINER:PATH    racker cp CONTAINER:PATH HOST-PATH",
                        "  racker cp - CONTAINER:DIR (a tar stream on stdin)    racker cp CONTAINER:PATH - (a tar"
                                + " stream on stdout)",
                        "Into PATH when it is a directory, else as PATH (its directory must exist), as docker cp;",
                        "a SOURCE ending in /. copies what the directory holds. Relative container paths start at its",
                        "working directory. Out of a container that is not running: from the image its next boot"
                                + " starts from.")
                .add(flag(v -> followLink = v, "-L", "--follow-link").description("Copy what a symlink named as the"
                        + " container SOURCE leads to (resolved inside the container), under the link's name."))
                .add(positional(String.class, v -> source = v).index("0").paramLabel("SOURCE"))
                .add(positional(String.class, v -> destination = v).index("1").paramLabel("DESTINATION"))
                .spec();
    }

    @Override
    public Integer call() throws Exception {
        ContainerStore store = ContainerArgs.store(parent);
        boolean out = isContainerPath(source);
        if (out == isContainerPath(destination)) {
            throw new InvalidArgumentException("exactly one of SOURCE and DESTINATION must be CONTAINER:PATH");
        }
        String spec = out ? source : destination;
        int colon = spec.indexOf(':');
        ContainerRecord record = store.find(spec.substring(0, colon));
        if (VmExec.isVm(record)) {
            return copyVm(record, out, spec.substring(colon + 1));
        }
        boolean running = record.status() == ContainerStatus.RUNNING && record.leader() != null
                && record.leader().isAlive();
        String inside = inContainer(record, spec.substring(colon + 1));
        Path root;
        if (running) {
            root = Path.of("/proc", Long.toString(record.leader().pid()), "root");
        } else if (out) {
            // a container that is not running has the root its next boot starts from: its image
            root = Path.of(record.rootfs());
        } else {
            throw new RackerException("cannot copy into " + record.name() + ", which is not running: every boot of a"
                    + " racker container starts from its image, so the copy would be gone; start it first, or give"
                    + " it a volume (-v)");
        }
        ContainerFileCopy copy = new ContainerFileCopy(root);
        String nameAs = null;
        if (out && followLink && !contentsOf(inside)) {
            Path named = Path.of("/").resolve(inside).normalize();
            String followed = copy.followLinks(inside);
            if (!followed.equals(named.toString())) {
                // the copy keeps the link's name, as docker's cp -L does
                nameAs = named.getFileName().toString();
                inside = followed;
            }
        }
        if (out && destination.equals("-")) {
            OutputStream stdout = new FileOutputStream(FileDescriptor.out);
            copy.writeTar(inside, contentsOf(inside), stdout, nameAs);
            stdout.flush();
        } else if (out) {
            if (contentsOf(inside)) {
                copy.copyContentsOut(inside, Path.of(destination));
            } else {
                copy.copyOut(inside, Path.of(destination), nameAs);
            }
        } else if (source.equals("-")) {
            copy.readTar(System.in, inside);
        } else {
            Path local = Path.of(source).toAbsolutePath().normalize();
            if (!Files.exists(local, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new InvalidArgumentException("no such file or directory: " + source);
            }
            if (contentsOf(source)) {
                copy.copyContentsIn(local, inside);
            } else {
                copy.copyIn(local, inside);
            }
        }
        printSkipped(copy.skipped());
        return 0;
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

    /** A VM's files go through its guest agent (see {@link VmFiles}). */
    private int copyVm(ContainerRecord record, boolean out, String inside) throws Exception {
        if (followLink || contentsOf(out ? inside : source)) {
            throw new InvalidArgumentException("cp -L and SOURCE/. are not supported for VMs yet: copy the path"
                    + " itself");
        }
        inside = inContainer(record, inside);
        VmFiles files = new VmFiles(record);
        List<String> skipped = List.of();
        if (out && destination.equals("-")) {
            files.writeTar(inside, new FileOutputStream(FileDescriptor.out));
        } else if (out) {
            files.copyOut(inside, Path.of(destination));
        } else if (source.equals("-")) {
            files.readTar(System.in, inside);
        } else {
            skipped = files.copyIn(Path.of(source).toAbsolutePath().normalize(), inside);
        }
        printSkipped(skipped);
        return 0;
    }

    private void printSkipped(List<String> skipped) {
        PrintWriter err = parent.spec.commandLine().getErr();
        for (String s : skipped) {
            err.println("racker: skipped " + s + ": device nodes, sockets and fifos are not copied");
        }
        err.flush();
    }

    /** docker's SRC/.: what the directory holds, not the directory itself. */
    private static boolean contentsOf(String path) {
        return path.endsWith("/.") || path.equals(".");
    }

    private static boolean isContainerPath(String arg) {
        int colon = arg.indexOf(':');
        return colon > 0 && !arg.startsWith("/") && !arg.startsWith(".");
    }
}

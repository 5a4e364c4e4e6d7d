package org.racker.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.runtime.ContainerFileCopy;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;
import org.racker.state.ContainerStore;
import org.racker.vm.VmExec;
import org.racker.vm.VmFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code racker cp}: files and directories in and out of a running container, modes, owners
 * and symlinks kept. racker copies through the container's root itself (see
 * {@link ContainerFileCopy}), so it needs no tar in the image, and the container's paths and
 * symlinks resolve inside its root, never on the host.
 */
@Command(name = "cp", mixinStandardHelpOptions = true,
        description = {"Copy between a running container and the host:",
                "  racker cp HOST-PATH CONTAINER:PATH    racker cp CONTAINER:PATH HOST-PATH",
                "Into PATH when it is a directory, else as PATH (its directory must exist), as docker cp;",
                "a SOURCE ending in /. copies what the directory holds."})
public final class CpCommand implements Callable<Integer> {
    @ParentCommand
    RackerCommand parent;

    @Parameters(index = "0", paramLabel = "SOURCE")
    String source;

    @Parameters(index = "1", paramLabel = "DESTINATION")
    String destination;

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
        if (record.status() != ContainerStatus.RUNNING || record.leader() == null || !record.leader().isAlive()) {
            throw new RackerException("container " + record.name() + " is not running");
        }
        String inside = spec.substring(colon + 1);
        if (!inside.startsWith("/")) {
            inside = "/" + inside;
        }
        ContainerFileCopy copy = new ContainerFileCopy(Path.of("/proc", Long.toString(record.leader().pid()), "root"));
        if (out) {
            if (contentsOf(inside)) {
                copy.copyContentsOut(inside, Path.of(destination));
            } else {
                copy.copyOut(inside, Path.of(destination));
            }
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
        PrintWriter err = parent.spec.commandLine().getErr();
        for (String skipped : copy.skipped()) {
            err.println("racker: skipped " + skipped + ": device nodes, sockets and fifos are not copied");
        }
        err.flush();
        return 0;
    }

    /** A VM's files go through its guest agent: regular files, one at a time. */
    private int copyVm(ContainerRecord record, boolean out, String inside) throws Exception {
        if (!inside.startsWith("/")) {
            inside = "/" + inside;
        }
        VmFiles files = new VmFiles(record);
        if (out) {
            files.copyOut(inside, Path.of(destination));
        } else {
            files.copyIn(Path.of(source).toAbsolutePath().normalize(), inside);
        }
        return 0;
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

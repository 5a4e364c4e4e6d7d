package org.racker.cli;

import static org.racker.cli.CommandModel.flag;
import static org.racker.cli.CommandModel.positional;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.racker.InvalidArgumentException;
import org.racker.api.Containers;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code racker cp}: files and directories in and out of a running container, modes, owners
 * and symlinks kept, as {@link Containers#copyIn} and {@link Containers#copyOut} copy them:
 * through the container's root, so no tar is needed in the image, and the container's paths
 * and symlinks resolve inside its root, never on the host.
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
        boolean out = isContainerPath(source);
        if (out == isContainerPath(destination)) {
            throw new InvalidArgumentException("exactly one of SOURCE and DESTINATION must be CONTAINER:PATH");
        }
        Containers containers = ContainerArgs.containers(parent);
        String spec = out ? source : destination;
        int colon = spec.indexOf(':');
        String container = spec.substring(0, colon);
        String inside = spec.substring(colon + 1);
        List<String> skipped;
        if (out && destination.equals("-")) {
            OutputStream stdout = new FileOutputStream(FileDescriptor.out);
            skipped = containers.copyOut(container, inside, stdout, followLink);
            stdout.flush();
        } else if (out) {
            skipped = containers.copyOut(container, inside, Path.of(destination), followLink);
        } else {
            if (followLink && containers.find(container).isVm()) {
                // a VM's copy refuses -L either way; a container's copy in has no link of its own to follow
                throw new InvalidArgumentException("cp -L and SOURCE/. are not supported for VMs yet: copy the path"
                        + " itself");
            }
            skipped = source.equals("-") ? containers.copyIn(container, System.in, inside)
                    : containers.copyIn(container, source, inside);
        }
        PrintWriter err = parent.spec.commandLine().getErr();
        for (String s : skipped) {
            err.println("racker: skipped " + s + ": device nodes, sockets and fifos are not copied");
        }
        err.flush();
        return 0;
    }

    private static boolean isContainerPath(String arg) {
        int colon = arg.indexOf(':');
        return colon > 0 && !arg.startsWith("/") && !arg.startsWith(".");
    }
}

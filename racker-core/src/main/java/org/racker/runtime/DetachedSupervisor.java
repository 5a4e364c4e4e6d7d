package org.racker.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.racker.runtime.process.ContainerCgroup;

/**
 * The parent of a detached container's nspawn: a shell in a session of its own that runs
 * nspawn, passes a SIGTERM on to it (racker stop) and, when nspawn ends, writes its exit
 * status to the container's state directory. Nothing else can learn that status once racker
 * has exited, and without it a container that ended by itself (an app's command exiting,
 * a poweroff from inside) could only be reported as killed.
 */
final class DetachedSupervisor {
    static final String EXIT_FILE = "exit-status";

    // $0 is the exit file. Job control is off in a non-interactive shell, so nspawn stays
    // in this session. wait returns early (> 128) when the trap runs: wait again until
    // nspawn is really gone.
    private static final String SCRIPT = "\"$@\" & child=$!; "
            + "trap 'kill -TERM $child 2>/dev/null' TERM; trap '' INT HUP; "
            + "while :; do wait $child; status=$?; kill -0 $child 2>/dev/null || break; done; "
            + "echo $status > \"$0\"";

    private DetachedSupervisor() { }

    /**
     * @param cgroup the container's cgroup to join before nspawn starts, or null (machined
     *     hosts, where nspawn registers its own scope)
     */
    static List<String> wrap(List<String> nspawnArgs, ContainerCgroup cgroup, Path stateDir) {
        List<String> args = new ArrayList<>(List.of("setsid", "/bin/sh", "-c",
                (cgroup == null ? "" : cgroup.joinCommands()) + SCRIPT, stateDir.resolve(EXIT_FILE).toString()));
        args.addAll(nspawnArgs);
        return args;
    }

    /** The exit status nspawn ended with, once its supervisor has written it. */
    static OptionalInt exitStatus(Path stateDir) {
        try {
            String text = Files.readString(stateDir.resolve(EXIT_FILE)).strip();
            return text.matches("[0-9]{1,3}") ? OptionalInt.of(Integer.parseInt(text)) : OptionalInt.empty();
        } catch (IOException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * When nspawn ended: the time its supervisor wrote the status. None without a status: a
     * VM's QEMU creates the (empty) file when it starts.
     */
    static java.util.Optional<java.time.Instant> exitTime(Path stateDir) {
        if (exitStatus(stateDir).isEmpty()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Files.getLastModifiedTime(stateDir.resolve(EXIT_FILE)).toInstant());
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}

package org.racker.probe;

import java.io.IOException;
import java.util.List;
import org.racker.RackerException;

/**
 * What a probe's checks run in: a fresh, throw-away machine of the image, booted by a
 * {@link ProbeBackend} (an nspawn container, or a QEMU VM for what a container cannot do). The
 * checks see only this: commands run as root to their end, each through the backend's one
 * exec path, so the probe's logic is the same whatever runs the machine.
 */
public interface ProbeMachine extends AutoCloseable {
    /** The machine's name, as {@code racker ps} shows it. */
    String name();

    /** Where the machine's network is, for the probe's log ("private", "host", "vm"). */
    String networkLabel();

    boolean isRunning();

    /**
     * The host's pid of a process in the machine's network (a container's init), whose
     * {@code /proc} entry shows its sockets; 0 where there is none (a VM's kernel is its own).
     */
    long leaderPid();

    /** Runs {@code command} as root with no input and collects its output. */
    default Output run(List<String> command) throws RackerException, IOException, InterruptedException {
        return run(command, true);
    }

    /**
     * Runs {@code command} as {@link #run(List)} does; in a container, without {@code
     * throughServiceManager}, entered directly rather than as a service of its systemd: a
     * quicker start for the checks' own queries (systemctl), never for what a test runs. A VM
     * runs every command the one way its agent has.
     */
    Output run(List<String> command, boolean throughServiceManager)
            throws RackerException, IOException, InterruptedException;

    /** Ends the machine and everything it left on the host; safe to call again. */
    @Override
    void close();

    /** What a command did. */
    record Output(int exitCode, String stdout, String stderr) { }
}

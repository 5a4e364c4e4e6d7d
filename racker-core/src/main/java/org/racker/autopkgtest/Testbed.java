package org.racker.autopkgtest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.racker.RackerException;
import org.racker.api.Command;
import org.racker.api.Container;
import org.racker.api.ContainerConfig;
import org.racker.api.ExecResult;
import org.racker.api.Racker;

/**
 * One booted, ephemeral container serving as autopkgtest's test bed: its scratch directory
 * ("downtmp"), a normal user for tests that do not need root, and the command line that runs
 * commands in it from outside. Closing it powers the container off; every change is gone.
 */
final class Testbed implements AutoCloseable {
    /** The user created at open; autopkgtest runs tests without needs-root as this user. */
    static final String NORMAL_USER = "autopkgtest";

    private final Container container;
    private final String downtmp;
    private final Optional<String> normalUser;
    private final List<String> executeCommand;

    private Testbed(Container container, String downtmp, Optional<String> normalUser, List<String> executeCommand) {
        this.container = container;
        this.downtmp = downtmp;
        this.normalUser = normalUser;
        this.executeCommand = executeCommand;
    }

    /**
     * Boots a container of {@code config} and prepares it with one command: the scratch
     * directory {@code downtmp} (mode 1777, as autopkgtest's own servers make it), the normal
     * user where the image has useradd, and the mark the execute command checks.
     */
    static Testbed open(Racker racker, ContainerConfig config, String downtmp) throws RackerException, InterruptedException {
        Container container = racker.start(config.toBuilder().mode(ContainerConfig.Mode.BOOT).build());
        boolean done = false;
        try {
            String mark = "/run/racker-testbed-" + container.id();
            ExecResult prepared = container.exec(Command.of("/bin/sh", "-c", "set -e; mkdir -p -- \"$1\"; chmod 1777 -- \"$1\";"
                    + " : > \"$2\"; if command -v useradd >/dev/null; then"
                    + " id -u \"$3\" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash \"$3\"; echo \"$3\"; fi",
                    "sh", downtmp, mark, NORMAL_USER));
            if (prepared.exitCode() != 0) {
                throw new RackerException("cannot prepare the test bed " + container.name() + " (exit status "
                        + prepared.exitCode() + "): " + prepared.stderrText().strip());
            }
            Optional<String> user = prepared.stdoutText().strip().equals(NORMAL_USER) ? Optional.of(NORMAL_USER)
                    : Optional.empty();
            List<String> execute = new ArrayList<>(container.commandPrefix());
            // The prefix names the container's init by pid, and pids wrap around: a command run
            // after the container ended could otherwise enter whatever process has that pid now.
            // The mark exists only in this container; without it the command fails with 255,
            // the status the protocol reserves for the execute command's own failures.
            execute.addAll(List.of("/bin/sh", "-c", "[ -e " + mark + " ] || { echo \"autopkgtest-virt-racker: the test bed "
                    + container.name() + " is gone\" >&2; exit 255; }; exec \"$@\"", "sh"));
            Testbed testbed = new Testbed(container, downtmp, user, List.copyOf(execute));
            done = true;
            return testbed;
        } finally {
            if (!done) {
                container.close();
            }
        }
    }

    String downtmp() {
        return downtmp;
    }

    Optional<String> normalUser() {
        return normalUser;
    }

    /** The program and arguments to which a caller appends a command to run it in the test bed. */
    List<String> executeCommand() {
        return executeCommand;
    }

    Container container() {
        return container;
    }

    /** {@code copydown} of a file: to {@code testbedPath} itself, mode kept. */
    void copyFileDown(Path host, String testbedPath) throws RackerException {
        container.copyIn(host, testbedPath);
    }

    /** {@code copydown} of a directory: its contents into {@code testbedPath}, made if missing. */
    void copyDirectoryDown(Path host, String testbedPath) throws RackerException {
        container.copyContentsIn(host, testbedPath);
    }

    void copyFileUp(String testbedPath, Path host) throws RackerException {
        container.copyOut(testbedPath, host);
    }

    void copyDirectoryUp(String testbedPath, Path host) throws RackerException {
        container.copyContentsOut(testbedPath, host);
    }

    @Override
    public void close() {
        container.close();
    }
}

package org.racker.autopkgtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import org.racker.fs.AtomicFiles;
import org.racker.fs.WorkDirectories;

/**
 * One test bed of autopkgtest's: a booted container whose changes to the image are kept in a
 * host directory of the server's, so that a reboot (this container powered off, a new one
 * booted on the same changes) keeps them and only a revert (a new test bed) drops them. It
 * has a scratch directory ("downtmp"), a normal user for tests that do not need root, and
 * one command line that runs commands in it from outside, before and after reboots.
 */
final class Testbed implements AutoCloseable {
    /** The user created at open; autopkgtest runs tests without needs-root as this user. */
    static final String NORMAL_USER = "autopkgtest";

    /** Where autopkgtest's own servers keep the scratch directory over a reboot (/tmp is a tmpfs). */
    private static final String SAVED_DOWNTMP = "/var/cache/autopkgtest-tmpdir.tar";

    private final Racker racker;
    private final ContainerConfig config;
    private final String downtmp;
    private final Path leaderFile;
    private final String mark;
    private Container container;
    private Optional<String> normalUser = Optional.empty();
    private List<String> executeCommand;

    private Testbed(Racker racker, ContainerConfig config, String downtmp, Path leaderFile, String mark) {
        this.racker = racker;
        this.config = config;
        this.downtmp = downtmp;
        this.leaderFile = leaderFile;
        this.mark = mark;
    }

    /**
     * Boots a test bed of {@code config} whose changes go to {@code directory/changes} (emptied
     * first) and whose init's pid is kept in {@code directory/leader} for the execute command.
     *
     * @param markName a name for this test bed alone: the execute command checks that the
     *     container it entered has {@code /run/NAME}, so a stale pid never reaches another process
     */
    static Testbed open(Racker racker, ContainerConfig config, String downtmp, Path directory, String markName)
            throws RackerException, InterruptedException {
        Path changes = directory.resolve("changes");
        try {
            WorkDirectories.deleteTree(changes);
        } catch (IOException e) {
            throw new RackerException("cannot remove the changes of the last test bed in " + changes + ": "
                    + e.getMessage(), e);
        }
        ContainerConfig.Builder booted = config.toBuilder().mode(ContainerConfig.Mode.BOOT).changesDirectory(changes);
        if (config.hostname() == null) {
            // the same before and after a reboot: the execute command's environment names it
            booted.hostname("autopkgtest");
        }
        Testbed testbed = new Testbed(racker, booted.build(), downtmp, directory.resolve("leader"), "/run/" + markName);
        testbed.boot(null);
        return testbed;
    }

    /**
     * Boots the container and prepares it with one command: the scratch directory (mode
     * 1777, as autopkgtest's servers make it; after a reboot, restored from where it was
     * saved), the normal user where the image has useradd, and the mark.
     */
    private void boot(String restore) throws RackerException, InterruptedException {
        Container booted = racker.start(config);
        boolean done = false;
        try {
            ExecResult prepared = booted.exec(Command.of("/bin/sh", "-c", "set -e; mkdir -p -- \"$1\"; chmod 1777 -- \"$1\";"
                    + " : > \"$2\"; " + (restore == null ? "" : "tar --warning=none --extract --absolute-names -f \"$4\";"
                    + " rm -f -- \"$4\"; ")
                    + "if command -v useradd >/dev/null; then"
                    + " id -u \"$3\" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash \"$3\"; echo \"$3\"; fi",
                    "sh", downtmp, mark, NORMAL_USER, restore == null ? "" : restore));
            if (prepared.exitCode() != 0) {
                throw new RackerException("cannot prepare the test bed " + booted.name() + " (exit status "
                        + prepared.exitCode() + "): " + prepared.stderrText().strip());
            }
            normalUser = prepared.stdoutText().strip().equals(NORMAL_USER) ? Optional.of(NORMAL_USER) : Optional.empty();
            try {
                AtomicFiles.write(leaderFile, (booted.leaderPid() + "\n").getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new RackerException("cannot write " + leaderFile + ": " + e.getMessage(), e);
            }
            if (executeCommand == null) {
                List<String> execute = new ArrayList<>(booted.commandPrefix(leaderFile));
                // The pid file is removed whenever no container of this test bed runs, but the
                // container may end by itself (a test's poweroff) and pids wrap around. The mark
                // exists only in this test bed: a command that entered anything else fails with
                // 255, the status the protocol reserves for the execute command's own failures.
                execute.addAll(List.of("/bin/sh", "-c", "[ -e " + mark + " ] || { echo \"autopkgtest-virt-racker:"
                        + " the test bed is gone\" >&2; exit 255; }; exec \"$@\"", "sh"));
                executeCommand = List.copyOf(execute);
            }
            container = booted;
            done = true;
        } finally {
            if (!done) {
                booted.close();
            }
        }
    }

    /**
     * Powers the container off in order and boots a new one on the same changes: files and
     * installed packages stay, processes and the tmpfs on /tmp do not, so the scratch directory
     * is saved to the disk first and restored after, as autopkgtest's own servers do.
     */
    void reboot() throws RackerException, InterruptedException {
        ExecResult saved = container.exec(Command.of("/bin/sh", "-c", "tar --warning=none --create --absolute-names"
                + " -f \"$1\" \"$2\" && rm -f /run/autopkgtest-reboot-prepare-mark", "sh", SAVED_DOWNTMP, downtmp));
        if (saved.exitCode() != 0) {
            throw new RackerException("cannot save the scratch directory " + downtmp + " before the reboot: "
                    + saved.stderrText().strip());
        }
        stopContainer();
        boot(SAVED_DOWNTMP);
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

    /** The file first, so that no command enters a container on its way out. */
    private void stopContainer() {
        try {
            Files.deleteIfExists(leaderFile);
        } catch (IOException e) {
            // the mark check still stops a command that reads a stale pid
        }
        if (container != null) {
            container.close();
            container = null;
        }
    }

    /** Powers the container off; its changes are removed by the next open or the server's end. */
    @Override
    public void close() {
        stopContainer();
    }
}

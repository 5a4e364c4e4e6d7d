package org.racker.autopkgtest;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.racker.RackerException;
import org.racker.api.ContainerConfig;
import org.racker.api.Racker;
import org.racker.fs.StateRoot;
import org.racker.fs.WorkDirectories;

/**
 * autopkgtest's virtualisation server on racker containers, as the installed autopkgtest
 * documents it (README.virtualisation-server) and its own servers behave: one command a
 * line on the input, words URL-encoded, answered with {@code ok} and the results on the
 * output. Every {@code open} and {@code revert} boots a fresh container of the image, so all
 * of a test's changes (files, packages, processes) are gone with it; a {@code reboot} powers
 * the container off and boots a new one on the same changes, kept in this server's directory
 * under the state root ({@code testbeds/}) until the next revert or the server's end.
 *
 * <p>Exit statuses, as autopkgtest's VirtSubproc has them: 0 after {@code quit}; 12 for a
 * request the protocol does not allow, end of input, or a test bed that could not be set up;
 * 16 for anything unexpected. The test bed is closed first on every path.
 */
public final class VirtServer {
    public static final int OK = 0;
    public static final int PROTOCOL_FAILURE = 12;
    public static final int UNEXPECTED_FAILURE = 16;

    private static final String PROGRAM = "autopkgtest-virt-racker";

    private final Racker racker;
    private final ContainerConfig config;
    private final BufferedReader in;
    private final PrintWriter out;
    private final Consumer<String> err;
    /** Chosen once: autopkgtest wants the same scratch path after every revert. */
    private final String downtmp = "/tmp/autopkgtest." + randomSuffix();
    private final String markPrefix = "racker-testbed-" + randomSuffix() + "-";
    private int opened;
    /** This server's directory in the state root, for the test bed's changes; made at the first open. */
    private Path directory;
    private Testbed testbed;

    /**
     * @param config the container every open and revert boots (as a booted container,
     *     whatever its mode says)
     * @param err receives the lines for the user: why the server failed
     */
    public VirtServer(Racker racker, ContainerConfig config, BufferedReader in, PrintWriter out, Consumer<String> err) {
        this.racker = racker;
        this.config = config;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /** Serves requests until {@code quit}, end of input or a failure; returns the exit status. */
    public int run() {
        try {
            reply(List.of());
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    throw new ProtocolException("end of file - caller quit?");
                }
                if (line.isBlank()) {
                    continue;
                }
                List<String> words = Arrays.stream(line.strip().split("\\s+")).map(PercentEncoding::decode).toList();
                if (words.get(0).equals("quit")) {
                    arguments(words, 0, 0);
                    end();
                    reply(List.of());
                    return OK;
                }
                List<String> result = handle(words);
                if (result != null) {
                    reply(result);
                }
            }
        } catch (ProtocolException e) {
            end();
            err.accept(PROGRAM + ": failure: " + e.getMessage());
            return PROTOCOL_FAILURE;
        } catch (InterruptedException e) {
            end();
            Thread.currentThread().interrupt();
            err.accept(PROGRAM + ": interrupted");
            return UNEXPECTED_FAILURE;
        } catch (IOException | RuntimeException e) {
            end();
            err.accept(PROGRAM + ": unexpected error: " + e);
            return UNEXPECTED_FAILURE;
        }
    }

    /** The results after {@code ok}, or null when the command answered otherwise. */
    private List<String> handle(List<String> words) throws ProtocolException, InterruptedException {
        String command = words.get(0);
        switch (command) {
            case "capabilities" -> {
                arguments(words, 0, 0);
                return capabilities();
            }
            case "open" -> {
                arguments(words, 0, 0);
                if (testbed != null) {
                    throw new ProtocolException("`open' when already open");
                }
                testbed = boot();
                return List.of(testbed.downtmp());
            }
            case "revert" -> {
                arguments(words, 0, 0);
                requireOpen(command);
                closeTestbed();
                testbed = boot();
                return List.of(testbed.downtmp());
            }
            case "reboot" -> {
                // "prepare-only": the test asked to reboot by itself, which a container's
                // systemd cannot do to racker's liking; the server's own reboot serves as well
                arguments(words, 0, 1);
                requireOpen(command);
                try {
                    testbed.reboot();
                } catch (RackerException e) {
                    throw new ProtocolException("cannot reboot the test bed: " + e.getMessage(), e);
                }
                // a bare ok: autopkgtest expects no results here, whatever the README says
                return List.of();
            }
            case "close" -> {
                arguments(words, 0, 0);
                requireOpen(command);
                closeTestbed();
                return List.of();
            }
            case "print-execute-command" -> {
                arguments(words, 0, 0);
                requireOpen(command);
                return List.of(testbed.executeCommand().stream().map(PercentEncoding::encode)
                        .collect(Collectors.joining(",")));
            }
            case "copydown", "copyup" -> {
                arguments(words, 2, 0);
                requireOpen(command);
                return copy(command.equals("copyup"), words.get(1), words.get(2));
            }
            case "shell" -> {
                arguments(words, 1, Integer.MAX_VALUE);
                requireOpen(command);
                shell(words.get(1), words.subList(2, words.size()));
                return List.of();
            }
            case "auxverb_debug_fail" -> {
                // autopkgtest asks for diagnostics after a failure; the log already has them
                arguments(words, 0, 0);
                return List.of();
            }
            default -> throw new ProtocolException("unknown command `" + command + "'");
        }
    }

    private List<String> capabilities() {
        List<String> caps = new ArrayList<>(List.of("revert", "revert-full-system", "isolation-container",
                "root-on-testbed", "reboot"));
        if (testbed != null) {
            testbed.normalUser().ifPresent(u -> caps.add("suggested-normal-user=" + u));
        }
        return caps;
    }

    private Testbed boot() throws ProtocolException, InterruptedException {
        try {
            if (directory == null) {
                Path testbeds = StateRoot.privateDirectory(racker.root(), "testbeds");
                WorkDirectories.removeAbandoned(testbeds);
                directory = WorkDirectories.create(testbeds, "autopkgtest");
            }
            opened++;
            return Testbed.open(racker, config, downtmp, directory, markPrefix + opened);
        } catch (java.io.UncheckedIOException e) {
            throw new ProtocolException("cannot open the test bed: " + e.getMessage(), e);
        } catch (RackerException e) {
            throw new ProtocolException("cannot open the test bed: " + e.getMessage(), e);
        }
    }

    /**
     * As VirtSubproc: both paths end in "/" (directories: the source's contents into the
     * destination) or neither does (files). A copy that fails is answered {@code copy-failed}
     * and the server goes on, so that autopkgtest reports it as its own.
     */
    private List<String> copy(boolean up, String source, String destination) throws ProtocolException {
        String command = up ? "copyup" : "copydown";
        if (source.isEmpty() || destination.isEmpty()) {
            throw new ProtocolException(command + " paths must be nonempty");
        }
        boolean directory = source.endsWith("/");
        if (directory != destination.endsWith("/")) {
            throw new ProtocolException(command + " paths must agree about directoryness"
                    + " (presence or absence of trailing /)");
        }
        try {
            if (up && directory) {
                testbed.copyDirectoryUp(source, Path.of(destination));
            } else if (up) {
                testbed.copyFileUp(source, Path.of(destination));
            } else if (directory) {
                testbed.copyDirectoryDown(Path.of(source), destination);
            } else {
                testbed.copyFileDown(Path.of(source), destination);
            }
            return List.of();
        } catch (RackerException e) {
            err.accept(PROGRAM + ": " + command + " " + source + " " + destination + " failed: " + e.getMessage());
            out.println("copy-failed");
            out.flush();
            return null;
        }
    }

    /**
     * An interactive shell for debugging a failed test, on the user's terminal (the server's
     * own standard streams carry the protocol), in {@code directory} with {@code variables}
     * (NAME=VALUE) exported.
     */
    private void shell(String directory, List<String> variables) throws InterruptedException {
        File tty = new File("/dev/tty");
        List<String> argv = new ArrayList<>(testbed.executeCommand());
        argv.addAll(List.of("/bin/sh", "-c", "cd \"$1\" || exit; shift; for v; do export \"$v\"; done; exec bash -i",
                "sh", directory));
        argv.addAll(variables);
        try {
            Process p = new ProcessBuilder(argv).redirectInput(Redirect.from(tty)).redirectOutput(Redirect.to(tty))
                    .redirectError(Redirect.to(tty)).start();
            p.waitFor();
        } catch (IOException e) {
            err.accept(PROGRAM + ": cannot run a shell: " + e.getMessage());
        }
    }

    private void requireOpen(String command) throws ProtocolException {
        if (testbed == null) {
            throw new ProtocolException("`" + command + "' when not open");
        }
    }

    private static void arguments(List<String> words, int required, int optional) throws ProtocolException {
        int given = words.size() - 1;
        if (given < required) {
            throw new ProtocolException("too few arguments to command `" + words.get(0) + "'");
        }
        if (given > required + (long) optional) {
            throw new ProtocolException("too many arguments to command `" + words.get(0) + "'");
        }
    }

    private void reply(List<String> results) {
        StringBuilder line = new StringBuilder("ok");
        for (String r : results) {
            line.append(' ').append(r);
        }
        out.println(line);
        out.flush();
    }

    private void closeTestbed() {
        if (testbed != null) {
            testbed.close();
            testbed = null;
        }
    }

    /** The test bed closed and this server's directory gone: what ends every session. */
    private void end() {
        closeTestbed();
        if (directory != null) {
            try {
                WorkDirectories.deleteTree(directory);
            } catch (IOException e) {
                err.accept(PROGRAM + ": cannot remove " + directory + ": " + e.getMessage());
            }
            directory = null;
        }
    }

    private static String randomSuffix() {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}

package org.racker.cli;

import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The plain {@code racker exec} lines, read without picocli. Building picocli's command model
 * and parsing with it loads a few hundred classes more than this reader, a large share of
 * what an exec costs a cold JVM, and scripts call exec often. Only lines whose meaning is beyond doubt are taken (global
 * options, -i, -t, -it, -e, -w, -u, each spelled as picocli reads it and given once where
 * picocli allows one); anything else (help, unusual spellings, errors, {@code @argument}
 * files) goes to picocli, so either way a line means the same (QuickExecLineTest holds the
 * two parsers side by side).
 */
final class QuickExecLine {
    /** A line this class could read: the global options and the exec arguments. */
    record Parsed(Path root, boolean verbose, boolean debug, ExecArguments exec) {
        int run(PrintWriter err, long startNanos) {
            StderrEventLog log = new StderrEventLog(err, verbose, debug, startNanos);
            try {
                return exec.run(root, log);
            } catch (Exception e) {
                return ErrorHandler.report("racker", e, debug, err);
            } finally {
                err.flush();
            }
        }
    }

    private final String[] args;
    private int next;
    private Path root;
    private boolean verbose;
    private boolean debug;
    private boolean inExec;
    private boolean interactive;
    private boolean tty;
    private final List<String> env = new ArrayList<>();
    private String workdir;
    private String user;

    private QuickExecLine(String[] args) {
        this.args = args;
    }

    /** The line read, or empty when picocli must read it. */
    static Optional<Parsed> parse(String[] args) {
        try {
            return new QuickExecLine(args).parse();
        } catch (Declined e) {
            return Optional.empty();
        }
    }

    private Optional<Parsed> parse() throws Declined {
        while (next < args.length) {
            String arg = take();
            if (!arg.startsWith("-")) {
                if (!inExec) {
                    require(arg.equals("exec"));
                    inExec = true;
                    continue;
                }
                // the container; everything after it is the command's, as picocli's stop at
                // the first positional has it
                List<String> command = Arrays.asList(args).subList(next, args.length);
                require(!command.isEmpty());
                for (String c : command) {
                    require(!c.startsWith("@"));
                }
                ExecArguments exec = new ExecArguments(arg, command, env, workdir, user, interactive, tty, false);
                return Optional.of(new Parsed(root == null ? Path.of(GlobalOptions.DEFAULT_ROOT) : root,
                        verbose, debug, exec));
            }
            option(arg);
        }
        return Optional.empty(); // no container or no command: picocli says what is missing
    }

    private void option(String arg) throws Declined {
        int eq = arg.indexOf('=');
        String name = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
        String attached = name.equals(arg) ? null : arg.substring(eq + 1);
        switch (name) {
            case "--root" -> {
                require(root == null);
                root = path(value(attached));
            }
            case "--verbose" -> verbose = flag(verbose, attached);
            case "--debug" -> debug = flag(debug, attached);
            default -> {
                require(inExec);
                execOption(name, attached);
            }
        }
    }

    private void execOption(String name, String attached) throws Declined {
        switch (name) {
            case "-i", "--interactive" -> interactive = flag(interactive, attached);
            case "-t", "--tty" -> tty = flag(tty, attached);
            case "-it", "-ti" -> {
                interactive = flag(interactive, attached);
                tty = flag(tty, attached);
            }
            case "-e", "--env" -> env.add(value(attached));
            case "-w", "--workdir" -> {
                require(workdir == null);
                workdir = value(attached);
            }
            case "-u", "--user" -> {
                require(user == null);
                user = value(attached);
            }
            default -> throw new Declined();
        }
    }

    private String take() throws Declined {
        String arg = args[next++];
        // picocli reads "@file" as a file of arguments
        require(!arg.isEmpty() && !arg.startsWith("@"));
        return arg;
    }

    /** An option's value: attached with '=' or the next argument, never one that looks like an option. */
    private String value(String attached) throws Declined {
        if (attached != null) {
            require(!attached.isEmpty() && !attached.startsWith("@"));
            return attached;
        }
        require(next < args.length);
        String value = take();
        require(!value.startsWith("-"));
        return value;
    }

    private static boolean flag(boolean alreadySet, String attached) throws Declined {
        require(!alreadySet && attached == null);
        return true;
    }

    private static Path path(String value) throws Declined {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new Declined();
        }
    }

    private static void require(boolean condition) throws Declined {
        if (!condition) {
            throw new Declined();
        }
    }

    /** The line is picocli's to read. */
    private static final class Declined extends Exception {
        private static final long serialVersionUID = 1L;

        Declined() {
            super(null, null, false, false);
        }
    }
}

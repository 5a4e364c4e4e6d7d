package org.racker.cli;

import java.nio.file.Path;
import org.racker.InvalidArgumentException;
import picocli.CommandLine;
import picocli.CommandLine.ScopeType;

/** Options every racker and postroj command takes, wherever they stand on the line. */
public final class GlobalOptions {
    static final String DEFAULT_ROOT = "/var/lib/racker";

    Path root = Path.of(DEFAULT_ROOT);

    /** Set when --root was given as "": a Path of "" would silently be the current directory. */
    private boolean emptyRoot;

    boolean verbose;

    boolean debug;

    /** Declares the options on a root command, inherited by every subcommand. */
    CommandModel declareOn(CommandModel command) {
        return command
                .add(CommandModel.flag(v -> verbose = v, "--verbose").scopeType(ScopeType.INHERIT)
                        .description("Say what racker does, with timings, on stderr."))
                .add(CommandModel.flag(v -> debug = v, "--debug").scopeType(ScopeType.INHERIT)
                        .description("Like --verbose, plus the commands racker runs and stack traces."))
                .add(CommandModel.option(String.class, this::root, "--root").scopeType(ScopeType.INHERIT).paramLabel("DIR")
                        .description("Where racker keeps its state (default: " + DEFAULT_ROOT + ")."));
    }

    private void root(String value) {
        emptyRoot = value.isEmpty();
        root = Path.of(value);
    }

    /**
     * Runs the parsed command once the global options hold together: a wrong one is a
     * failure of the command line, reported in one line with racker's exit status.
     */
    static CommandLine.IExecutionStrategy checkedBy(GlobalOptions global) {
        CommandLine.IExecutionStrategy run = new CommandLine.RunLast();
        return parseResult -> {
            if (global.emptyRoot) {
                throw new CommandLine.ExecutionException(parseResult.commandSpec().commandLine(),
                        "--root is empty", new InvalidArgumentException(
                        "--root is empty: give the directory for racker's state, or leave --root out for "
                                + DEFAULT_ROOT));
            }
            return run.execute(parseResult);
        };
    }
}

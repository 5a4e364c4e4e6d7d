package org.racker.cli;

import java.nio.file.Path;
import org.racker.InvalidArgumentException;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every racker and postroj command takes, wherever they stand on the line. */
public final class GlobalOptions {
    static final String DEFAULT_ROOT = "/var/lib/racker";

    Path root = Path.of(DEFAULT_ROOT);

    /** Set when --root was given as "": a Path of "" would silently be the current directory. */
    private boolean emptyRoot;

    @Option(names = "--root", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Where racker keeps its state (default: " + DEFAULT_ROOT + ").")
    void root(String value) {
        emptyRoot = value.isEmpty();
        root = Path.of(value);
    }

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Say what racker does, with timings, on stderr.")
    boolean verbose;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Like --verbose, plus the commands racker runs and stack traces.")
    boolean debug;

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

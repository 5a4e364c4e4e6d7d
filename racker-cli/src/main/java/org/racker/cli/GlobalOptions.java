package org.racker.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every racker and postroj command takes, wherever they stand on the line. */
public final class GlobalOptions {
    static final String DEFAULT_ROOT = "/var/lib/racker";

    @Option(names = "--root", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Where racker keeps its state (default: ${DEFAULT-VALUE}).", defaultValue = DEFAULT_ROOT)
    Path root;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Say what racker does, with timings, on stderr.")
    boolean verbose;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Like --verbose, plus the commands racker runs and stack traces.")
    boolean debug;
}

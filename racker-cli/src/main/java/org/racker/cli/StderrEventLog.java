package org.racker.cli;

import java.io.PrintWriter;
import org.racker.EventLog;

/** racker's own messages: on stderr, never mixed into a command's stdout, quiet by default. */
final class StderrEventLog implements EventLog {
    private final PrintWriter err;
    private final boolean verbose;
    private final boolean debug;

    private final long startNanos;
    private final String program;

    StderrEventLog(PrintWriter err, boolean verbose, boolean debug, long startNanos) {
        this(err, verbose, debug, startNanos, "racker");
    }

    StderrEventLog(PrintWriter err, boolean verbose, boolean debug, long startNanos, String program) {
        this.program = program;
        this.err = err;
        this.startNanos = startNanos;
        this.verbose = verbose || debug;
        this.debug = debug;
    }

    @Override
    public void info(String message) {
        if (verbose) {
            write(message);
        }
    }

    @Override
    public void debug(String message) {
        if (debug) {
            write(String.format("[+%d ms] %s", (System.nanoTime() - startNanos) / 1_000_000, message));
        }
    }

    private void write(String message) {
        synchronized (err) {
            err.println(program + ": " + message);
            err.flush();
        }
    }
}

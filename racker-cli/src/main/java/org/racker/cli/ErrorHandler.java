package org.racker.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on stderr and the documented exit code; the stack trace
 * only with --debug.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private final String program;
    private final GlobalOptions global;

    ErrorHandler(String program, GlobalOptions global) {
        this.program = program;
        this.global = global;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        return report(program, ex, global.debug, cmd.getErr());
    }

    /** The one line for a failure of a command's own work, and its exit code; also outside picocli. */
    static int report(String program, Exception ex, boolean debug, PrintWriter err) {
        err.println(program + ": " + ExitCodes.message(ex));
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.of(ex);
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(program + ": " + ex.getMessage());
        err.println("See '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return ExitCodes.RACKER_FAILED;
    }
}

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
        PrintWriter err = cmd.getErr();
        err.println(program + ": " + ExitCodes.message(ex));
        if (global.debug) {
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

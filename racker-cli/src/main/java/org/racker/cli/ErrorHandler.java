package org.racker.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

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

    /**
     * picocli's message, but for a word where a command belongs: docker's "is not a command",
     * with the commands it is near, as git and docker suggest them.
     */
    private static String message(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException u && !u.getCommandLine().getSubcommands().isEmpty()
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            String word = u.getUnmatched().get(0);
            List<String> near = CommandSuggestions.near(word, u.getCommandLine().getSubcommands().keySet());
            return "'" + word + "' is not a " + u.getCommandLine().getCommandSpec().qualifiedName() + " command"
                    + (near.isEmpty() ? "" : ". Did you mean " + String.join(" or ", near) + "?");
        }
        if (ex instanceof UnmatchedArgumentException u && u.isUnknownOption() && !u.getUnmatched().isEmpty()) {
            // docker's (pflag's) words, which scripts and users search for
            String option = u.getUnmatched().get(0).split("=", 2)[0];
            return option.startsWith("--") || option.length() < 2 ? "unknown flag: " + option
                    : "unknown shorthand flag: '" + option.charAt(1) + "' in " + option;
        }
        return ex.getMessage();
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
        err.println(program + ": " + message(ex));
        err.println("See '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return ExitCodes.RACKER_FAILED;
    }
}

package org.racker.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code racker} launcher. */
public final class RackerMain {
    private RackerMain() { }

    public static void main(String[] args) {
        Preload.launcherSettings();
        if ("run".equals(Subcommands.subcommandName(args))) {
            Preload.nativeCalls();
        }
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line with the given writers; how tests drive the CLI in-process. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        long startNanos = System.nanoTime();
        args = ManagementCommands.flatten(args);
        java.util.Optional<QuickExecLine.Parsed> quickExec = QuickExecLine.parse(args);
        if (quickExec.isPresent()) {
            int status = quickExec.get().run(err, startNanos);
            out.flush();
            return status;
        }
        RackerCommand root = new RackerCommand();
        CommandLine cmd = Subcommands.racker(root, args);
        cmd.setOut(out);
        cmd.setErr(err);
        ErrorHandler handler = new ErrorHandler("racker", root.global);
        cmd.setExecutionExceptionHandler(handler);
        cmd.setParameterExceptionHandler(handler);
        cmd.setExecutionStrategy(GlobalOptions.checkedBy(root.global));
        int status = cmd.execute(args);
        out.flush(); // what a command printed without a line's end (completion scripts) goes out too
        err.flush();
        return status;
    }
}

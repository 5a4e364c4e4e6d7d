package org.racker.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code autopkgtest-virt-racker} launcher. */
public final class AutopkgtestVirtMain {
    private AutopkgtestVirtMain() { }

    public static void main(String[] args) {
        Preload.launcherSettings();
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line with the given writers; how tests drive it in-process. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        AutopkgtestVirtCommand root = new AutopkgtestVirtCommand();
        CommandLine cmd = new CommandLine(root.spec);
        cmd.setOut(out);
        cmd.setErr(err);
        ErrorHandler handler = new ErrorHandler("autopkgtest-virt-racker", root.global);
        cmd.setExecutionExceptionHandler(handler);
        cmd.setParameterExceptionHandler(handler);
        cmd.setExecutionStrategy(GlobalOptions.checkedBy(root.global));
        int status = cmd.execute(args);
        out.flush(); // what a command printed without a line's end (completion scripts) goes out too
        err.flush();
        return status;
    }
}

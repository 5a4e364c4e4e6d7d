package org.racker.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code postroj} launcher. */
public final class PostrojMain {
    private PostrojMain() { }

    public static void main(String[] args) {
        Preload.launcherSettings();
        // the commands that boot machines; a plain switch, as no lambda may come before the preload
        String command = Subcommands.subcommandName(args);
        if (command != null) {
            switch (command) {
                case "pkgprobe", "selftest", "matrix" -> Preload.nativeCalls();
                default -> { }
            }
        }
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line with the given writers; how tests drive the CLI in-process. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        PostrojCommand root = new PostrojCommand();
        CommandLine cmd = Subcommands.postroj(root, args);
        cmd.setOut(out);
        cmd.setErr(err);
        ErrorHandler handler = new ErrorHandler("postroj", root.global);
        cmd.setExecutionExceptionHandler(handler);
        cmd.setParameterExceptionHandler(handler);
        cmd.setExecutionStrategy(GlobalOptions.checkedBy(root.global));
        int status = cmd.execute(args);
        out.flush(); // what a command printed without a line's end (completion scripts) goes out too
        err.flush();
        return status;
    }
}

package org.racker.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code postroj} launcher. */
public final class PostrojMain {
    private PostrojMain() { }

    public static void main(String[] args) {
        PostrojCommand root = new PostrojCommand();
        CommandLine cmd = new CommandLine(root);
        cmd.setOut(new PrintWriter(System.out, true));
        cmd.setErr(new PrintWriter(System.err, true));
        ErrorHandler handler = new ErrorHandler("postroj", root.global);
        cmd.setExecutionExceptionHandler(handler);
        cmd.setParameterExceptionHandler(handler);
        System.exit(cmd.execute(args));
    }
}

package org.racker.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code racker exec}: run a command in a running container, through the same path as run. */
@Command(name = "exec", mixinStandardHelpOptions = false, description = "Run a command in a running container.")
public final class ExecCommand implements Callable<Integer> {
    @ParentCommand
    RackerCommand parent;

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-i", "--interactive"}, description = "Attach stdin.")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Give the command a terminal.")
    boolean tty;

    @Option(names = {"-e", "--env"}, paramLabel = "NAME[=VALUE]")
    List<String> env = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "FILE",
            description = "Read variables from a file (NAME=VALUE a line; -e wins over it).")
    List<java.nio.file.Path> envFiles = new ArrayList<>();

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR")
    String workdir;

    @Option(names = {"-d", "--detach"}, description = "Start the command and return; it runs on in the container.")
    boolean detach;

    @Option(names = {"-u", "--user"}, paramLabel = "USER[:GROUP]")
    String user;

    @Parameters(paramLabel = "CONTAINER COMMAND [ARG...]", arity = "2..*")
    List<String> arguments;

    @Override
    public Integer call() throws Exception {
        return ContainerExec.run(arguments(), parent.global.root, ContainerArgs.log(parent));
    }

    ExecArguments arguments() throws org.racker.InvalidArgumentException {
        List<String> variables = new ArrayList<>();
        for (java.nio.file.Path file : envFiles) {
            variables.addAll(org.racker.runtime.exec.EnvironmentFile.entries(file));
        }
        variables.addAll(env);
        return new ExecArguments(arguments.get(0), arguments.subList(1, arguments.size()), variables, workdir, user,
                interactive, tty, detach);
    }
}

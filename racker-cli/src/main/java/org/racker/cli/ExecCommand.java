package org.racker.cli;

import static org.racker.cli.CommandModel.flag;
import static org.racker.cli.CommandModel.list;
import static org.racker.cli.CommandModel.option;
import static org.racker.cli.CommandModel.positionals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code racker exec}: run a command in a running container, through the same path as run. */
public final class ExecCommand implements Callable<Integer> {
    private final RackerCommand parent;
    boolean interactive;
    boolean tty;
    List<String> env = new ArrayList<>();
    List<java.nio.file.Path> envFiles = new ArrayList<>();
    String workdir;
    boolean detach;
    String user;
    List<String> arguments;

    ExecCommand(RackerCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        return CommandModel.bare(this, "exec", "Run a command in a running container.")
                .add(CommandModel.helpOption("Show this help and exit."))
                .add(flag(v -> interactive = v, "-i", "--interactive").description("Attach stdin."))
                .add(flag(v -> tty = v, "-t", "--tty").description("Give the command a terminal."))
                .add(list(String.class, v -> env = v, "-e", "--env").paramLabel("NAME[=VALUE]"))
                .add(list(java.nio.file.Path.class, v -> envFiles = v, "--env-file").paramLabel("FILE")
                        .description("Read variables from a file (NAME=VALUE a line; -e wins over it)."))
                .add(option(String.class, v -> workdir = v, "-w", "--workdir").paramLabel("DIR"))
                .add(flag(v -> detach = v, "-d", "--detach")
                        .description("Start the command and return; it runs on in the container."))
                .add(option(String.class, v -> user = v, "-u", "--user").paramLabel("USER[:GROUP]"))
                .add(positionals(v -> arguments = v).paramLabel("CONTAINER COMMAND [ARG...]").arity("2..*"))
                .spec();
    }

    @Override
    public Integer call() throws Exception {
        return arguments().run(parent.global.root, ContainerArgs.log(parent));
    }

    ExecArguments arguments() throws org.racker.InvalidArgumentException {
        List<String> variables = new ArrayList<>();
        for (java.nio.file.Path file : envFiles) {
            variables.addAll(org.racker.api.Command.envFileEntries(file));
        }
        variables.addAll(env);
        return new ExecArguments(arguments.get(0), arguments.subList(1, arguments.size()), variables, workdir, user,
                interactive, tty, detach);
    }
}

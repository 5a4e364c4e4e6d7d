package org.racker.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.racker.InvalidArgumentException;
import org.racker.runtime.ContainerOperations;
import org.racker.runtime.EnvironmentVariable;
import org.racker.runtime.ExecRequest;
import org.racker.runtime.Stdio;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStore;
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

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR")
    String workdir;

    @Option(names = {"-u", "--user"}, paramLabel = "USER[:GROUP]")
    String user;

    @Parameters(paramLabel = "CONTAINER COMMAND [ARG...]", arity = "2..*")
    List<String> arguments;

    @Override
    public Integer call() throws Exception {
        ContainerStore store = ContainerArgs.store(parent);
        ContainerRecord record = store.find(arguments.get(0));
        List<EnvironmentVariable> vars = new ArrayList<>();
        for (String e : env) {
            EnvironmentVariable.parse(e, System.getenv()).ifPresent(vars::add);
        }
        if (workdir != null && !workdir.startsWith("/")) {
            throw new InvalidArgumentException("the working directory must be absolute: " + workdir);
        }
        ExecRequest request = new ExecRequest(arguments.subList(1, arguments.size()), vars, workdir, user, interactive, tty);
        Process p = new ContainerOperations(store, ContainerArgs.log(parent)).exec(record, request, Stdio.inherit(interactive));
        return p.waitFor();
    }
}

package org.racker.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.racker.runtime.ContainerOperations;
import org.racker.state.ContainerStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.racker.runtime.process.Signal;
import picocli.CommandLine.ParentCommand;

/** {@code racker kill}: a signal for containers' main processes; by default, kill every process at once. */
@Command(name = "kill", mixinStandardHelpOptions = true, description = "Kill containers.")
public final class KillCommand implements Callable<Integer> {
    @ParentCommand
    RackerCommand parent;

    @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL", defaultValue = "KILL",
            description = "Signal for the main process (default: ${DEFAULT-VALUE}, which ends the whole container).")
    String signal;

    @Parameters(paramLabel = "CONTAINER", arity = "1..*")
    List<String> containers;

    @Override
    public Integer call() throws org.racker.RackerException {
        Signal parsed = Signal.parse(signal);
        ContainerStore store = ContainerArgs.store(parent);
        ContainerOperations ops = new ContainerOperations(store, ContainerArgs.log(parent));
        return ContainerArgs.forEach(parent, containers, c -> {
            ops.kill(store.find(c), parsed);
            parent.spec.commandLine().getOut().println(c);
        });
    }
}

package org.racker.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.racker.runtime.ContainerOperations;
import org.racker.state.ContainerStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code racker kill}: kill every process of containers at once. */
@Command(name = "kill", mixinStandardHelpOptions = true, description = "Kill containers.")
public final class KillCommand implements Callable<Integer> {
    @ParentCommand
    RackerCommand parent;

    @Parameters(paramLabel = "CONTAINER", arity = "1..*")
    List<String> containers;

    @Override
    public Integer call() throws org.racker.RackerException {
        ContainerStore store = ContainerArgs.store(parent);
        ContainerOperations ops = new ContainerOperations(store, ContainerArgs.log(parent));
        return ContainerArgs.forEach(parent, containers, c -> {
            ops.kill(store.find(c));
            parent.spec.commandLine().getOut().println(c);
        });
    }
}

package org.racker.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code racker container prune}: remove every exited container, as docker's does. */
@Command(name = "prune", mixinStandardHelpOptions = true, description = "Remove all stopped containers.")
public final class ContainerPruneCommand implements Callable<Integer> {
    @ParentCommand
    ContainerCommand group;

    @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        RackerCommand parent = group.parent;
        PrintWriter out = parent.spec.commandLine().getOut();
        if (!force && !Pruning.confirmed(out, "This will remove all stopped containers.")) {
            return ExitCodes.OK;
        }
        Pruning.Report containers = Pruning.containers(ContainerArgs.store(parent), ContainerArgs.log(parent));
        Pruning.print(out, "Deleted Containers:", containers);
        Pruning.printTotal(out, containers.reclaimed());
        return ExitCodes.OK;
    }
}

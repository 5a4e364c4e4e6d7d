package org.racker.cli;

import static org.racker.cli.CommandModel.flag;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code racker container prune}: remove every exited container, as docker's does. */
public final class ContainerPruneCommand implements Callable<Integer> {
    private final ContainerCommand group;
    boolean force;

    ContainerPruneCommand(ContainerCommand group) {
        this.group = group;
    }

    CommandSpec model() {
        return CommandModel.of(this, "prune", "Remove all stopped containers.")
                .add(flag(v -> force = v, "-f", "--force").description("Do not ask for confirmation."))
                .spec();
    }

    @Override
    public Integer call() throws IOException {
        RackerCommand parent = group.parent;
        PrintWriter out = parent.spec.commandLine().getOut();
        if (!force && !Pruning.confirmed(out, "This will remove all stopped containers.")) {
            return ExitCodes.OK;
        }
        Pruning.Report containers = Pruning.containers(parent);
        Pruning.print(out, "Deleted Containers:", containers);
        Pruning.printTotal(out, containers.reclaimed());
        return ExitCodes.OK;
    }
}

package org.racker.cli;

import static org.racker.cli.CommandModel.positionals;

import java.util.List;
import java.util.concurrent.Callable;
import org.racker.api.Containers;
import picocli.CommandLine.Model.CommandSpec;

/** {@code racker wait}: block until containers stop; print their exit codes. */
public final class WaitCommand implements Callable<Integer> {
    private final RackerCommand parent;
    List<String> containers;

    WaitCommand(RackerCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        return CommandModel.of(this, "wait", "Wait for containers to stop and print their exit codes.")
                .add(positionals(v -> containers = v).paramLabel("CONTAINER").arity("1..*"))
                .spec();
    }

    @Override
    public Integer call() throws Exception {
        Containers all = ContainerArgs.containers(parent);
        return ContainerArgs.forEach(parent, containers, c -> {
            int status;
            try {
                status = all.awaitExit(c);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            parent.spec.commandLine().getOut().println(status);
        });
    }
}

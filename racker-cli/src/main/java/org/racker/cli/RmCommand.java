package org.racker.cli;

import static org.racker.cli.CommandModel.flag;
import static org.racker.cli.CommandModel.positionals;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.racker.RackerException;
import org.racker.api.Containers;
import picocli.CommandLine.Model.CommandSpec;

/** {@code racker rm}: forget exited containers. */
public final class RmCommand implements Callable<Integer> {
    private final RackerCommand parent;
    boolean force;
    List<String> containers;

    RmCommand(RackerCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        return CommandModel.of(this, "rm", "Remove exited containers.")
                .add(flag(v -> force = v, "-f", "--force").description("Kill running containers first."))
                .add(positionals(v -> containers = v).paramLabel("CONTAINER").arity("1..*")
                        .description("Names or id prefixes."))
                .spec();
    }

    @Override
    public Integer call() {
        PrintWriter out = parent.spec.commandLine().getOut();
        PrintWriter err = parent.spec.commandLine().getErr();
        Containers api = ContainerArgs.containers(parent);
        int status = 0;
        for (String c : containers) {
            try {
                api.remove(c, force);
                out.println(c);
            } catch (RackerException e) {
                err.println("racker: " + e.getMessage());
                status = ExitCodes.NO_SUCH_CONTAINER;
            }
        }
        out.flush();
        err.flush();
        return status;
    }
}

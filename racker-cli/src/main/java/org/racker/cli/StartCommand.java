package org.racker.cli;

import static org.racker.cli.CommandModel.flag;
import static org.racker.cli.CommandModel.positionals;

import java.util.List;
import java.util.concurrent.Callable;
import org.racker.InvalidArgumentException;
import org.racker.api.Containers;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code racker start}: boot created or stopped containers again with the configuration they
 * were made with: detached, or with -a in the foreground as a run.
 */
public final class StartCommand implements Callable<Integer> {
    private final RackerCommand parent;
    boolean attach;
    boolean interactive;
    List<String> containers;

    StartCommand(RackerCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        return CommandModel.of(this, "start", "Start created or stopped containers (a new boot of the same"
                        + " configuration): detached, or with -a in the foreground, exiting with the command's status.")
                .add(flag(v -> attach = v, "-a", "--attach").description("Run in the foreground: the command's"
                        + " output on racker's, racker's exit status the command's."))
                .add(flag(v -> interactive = v, "-i", "--interactive").description("Attach stdin too (implies -a)."))
                .add(positionals(v -> containers = v).paramLabel("CONTAINER").arity("1..*"))
                .spec();
    }

    @Override
    public Integer call() throws Exception {
        Containers all = ContainerArgs.containers(parent);
        if (attach || interactive) {
            if (containers.size() > 1) {
                throw new InvalidArgumentException("you cannot start and attach multiple containers at once");
            }
            return all.startAttached(containers.get(0), interactive);
        }
        return ContainerArgs.forEach(parent, containers, c -> {
            all.start(c);
            parent.spec.commandLine().getOut().println(c);
        });
    }
}

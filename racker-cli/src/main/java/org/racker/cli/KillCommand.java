package org.racker.cli;

import static org.racker.cli.CommandModel.option;
import static org.racker.cli.CommandModel.positionals;

import java.util.List;
import java.util.concurrent.Callable;
import org.racker.api.Containers;
import org.racker.api.Signal;
import picocli.CommandLine.Model.CommandSpec;

/** {@code racker kill}: a signal for containers' main processes; by default, kill every process at once. */
public final class KillCommand implements Callable<Integer> {
    private final RackerCommand parent;
    String signal;
    List<String> containers;

    KillCommand(RackerCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        return CommandModel.of(this, "kill", "Kill containers.")
                .add(option(String.class, v -> signal = v, "-s", "--signal").paramLabel("SIGNAL").defaultValue("KILL")
                        .description("Signal for the main process (default: ${DEFAULT-VALUE}, which ends the whole"
                                + " container)."))
                .add(positionals(v -> containers = v).paramLabel("CONTAINER").arity("1..*"))
                .spec();
    }

    @Override
    public Integer call() throws org.racker.RackerException {
        Signal parsed = Signal.parse(signal);
        Containers all = ContainerArgs.containers(parent);
        return ContainerArgs.forEach(parent, containers, c -> {
            all.kill(c, parsed);
            parent.spec.commandLine().getOut().println(c);
        });
    }
}

package org.racker.cli;

import static org.racker.cli.CommandModel.option;
import static org.racker.cli.CommandModel.positionals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.racker.api.Containers;
import org.racker.api.Signal;
import picocli.CommandLine.Model.CommandSpec;

/** {@code racker stop}: clean poweroff, killed after the timeout. */
public final class StopCommand implements Callable<Integer> {
    private final RackerCommand parent;
    long seconds;
    String signal;
    List<String> containers;

    StopCommand(RackerCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        return CommandModel.of(this, "stop", "Power containers off (kill them after the timeout).")
                .add(option(long.class, v -> seconds = v, "-t", "--time").paramLabel("SECONDS").defaultValue("10")
                        .description("Seconds to wait before killing (default: ${DEFAULT-VALUE})."))
                .add(option(String.class, v -> signal = v, "-s", "--signal").paramLabel("SIGNAL")
                        .description("Signal for the main process instead of a poweroff (an app's command: SIGTERM)."))
                .add(positionals(v -> containers = v).paramLabel("CONTAINER").arity("1..*"))
                .spec();
    }

    @Override
    public Integer call() throws org.racker.RackerException {
        Signal parsed = signal == null ? null : Signal.parse(signal);
        Containers all = ContainerArgs.containers(parent);
        return ContainerArgs.forEach(parent, containers, c -> {
            all.stop(c, Duration.ofSeconds(seconds), parsed);
            parent.spec.commandLine().getOut().println(c);
        });
    }
}

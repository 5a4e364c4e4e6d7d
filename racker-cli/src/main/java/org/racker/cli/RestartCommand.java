package org.racker.cli;

import static org.racker.cli.CommandModel.option;
import static org.racker.cli.CommandModel.positionals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.racker.api.Containers;
import picocli.CommandLine.Model.CommandSpec;

/** {@code racker restart}: stop (a poweroff, killed after the timeout), then start again. */
public final class RestartCommand implements Callable<Integer> {
    private final RackerCommand parent;
    long seconds;
    List<String> containers;

    RestartCommand(RackerCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        return CommandModel.of(this, "restart",
                        "Restart containers: power them off (kill after the timeout) and boot them again, detached.")
                .add(option(long.class, v -> seconds = v, "-t", "--time").paramLabel("SECONDS").defaultValue("10")
                        .description("Seconds to wait for the poweroff before killing (default: ${DEFAULT-VALUE})."))
                .add(positionals(v -> containers = v).paramLabel("CONTAINER").arity("1..*"))
                .spec();
    }

    @Override
    public Integer call() throws Exception {
        Containers all = ContainerArgs.containers(parent);
        return ContainerArgs.forEach(parent, containers, c -> {
            all.restart(c, Duration.ofSeconds(seconds));
            parent.spec.commandLine().getOut().println(c);
        });
    }
}

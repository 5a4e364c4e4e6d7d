package org.racker.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.racker.runtime.ContainerOperations;
import org.racker.runtime.ContainerRunner;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;
import org.racker.state.ContainerStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code racker restart}: stop (a poweroff, killed after the timeout), then start again. */
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = "Restart containers: power them off (kill after the timeout) and boot them again, detached.")
public final class RestartCommand implements Callable<Integer> {
    @ParentCommand
    RackerCommand parent;

    @Option(names = {"-t", "--time"}, paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds to wait for the poweroff before killing (default: ${DEFAULT-VALUE}).")
    long seconds;

    @Parameters(paramLabel = "CONTAINER", arity = "1..*")
    List<String> containers;

    @Override
    public Integer call() throws Exception {
        ContainerStore store = ContainerArgs.store(parent);
        ContainerOperations ops = new ContainerOperations(store, ContainerArgs.log(parent));
        ContainerRunner runner = new ContainerRunner(parent.global.root, ContainerArgs.log(parent));
        return ContainerArgs.forEach(parent, containers, c -> {
            ContainerRecord record = store.find(c);
            if (record.status() != ContainerStatus.EXITED && !record.awaitsStart()) {
                ops.stop(record, Duration.ofSeconds(seconds), null);
                record = store.find(record.id());
            }
            StartCommand.start(runner, record);
            parent.spec.commandLine().getOut().println(c);
        });
    }
}

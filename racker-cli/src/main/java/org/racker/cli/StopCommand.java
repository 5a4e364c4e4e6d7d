package org.racker.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.racker.runtime.ContainerOperations;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStore;
import org.racker.vm.VmExec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.racker.runtime.process.Signal;
import picocli.CommandLine.ParentCommand;

/** {@code racker stop}: clean poweroff, killed after the timeout. */
@Command(name = "stop", mixinStandardHelpOptions = true, description = "Power containers off (kill them after the timeout).")
public final class StopCommand implements Callable<Integer> {
    @ParentCommand
    RackerCommand parent;

    @Option(names = {"-t", "--time"}, paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds to wait before killing (default: ${DEFAULT-VALUE}).")
    long seconds;

    @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL",
            description = "Signal for the main process instead of a poweroff (an app's command: SIGTERM).")
    String signal;

    @Parameters(paramLabel = "CONTAINER", arity = "1..*")
    List<String> containers;

    @Override
    public Integer call() throws org.racker.RackerException {
        Signal parsed = signal == null ? null : Signal.parse(signal);
        ContainerStore store = ContainerArgs.store(parent);
        ContainerOperations ops = new ContainerOperations(store, ContainerArgs.log(parent));
        return ContainerArgs.forEach(parent, containers, c -> {
            ContainerRecord record = store.find(c);
            if (VmExec.isVm(record)) {
                try {
                    VmExec.powerOff(record, Duration.ofSeconds(seconds));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            ops.stop(record, Duration.ofSeconds(seconds), parsed);
            parent.spec.commandLine().getOut().println(c);
        });
    }
}

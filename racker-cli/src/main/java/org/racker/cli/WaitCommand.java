package org.racker.cli;

import static org.racker.cli.CommandModel.positionals;

import java.util.List;
import java.util.concurrent.Callable;
import org.racker.runtime.AbandonedContainerReaper;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;
import org.racker.state.ContainerStore;
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
        return ContainerArgs.forEach(parent, containers, c -> {
            ContainerStore store = ContainerArgs.store(parent);
            String id = store.find(c).id();
            AbandonedContainerReaper reaper = new AbandonedContainerReaper(store, ContainerArgs.log(parent));
            ContainerRecord record;
            // Another process owns the container: its record changes when it stops (or the
            // reaper marks it exited once its nspawn is gone). A short poll; null once removed (--rm).
            while ((record = reaper.refresh(id).orElse(null)) != null && record.status() != ContainerStatus.EXITED) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            parent.spec.commandLine().getOut().println(record == null ? 0 : record.exitCode());
        });
    }
}

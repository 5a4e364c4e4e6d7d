package org.racker.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.racker.InvalidArgumentException;
import org.racker.runtime.ContainerRunner;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStore;
import org.racker.vm.VmExec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code racker start}: boot created or stopped containers again, detached, with the configuration they were made with. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Start created or stopped containers (a new boot of the same configuration, detached).")
public final class StartCommand implements Callable<Integer> {
    @ParentCommand
    RackerCommand parent;

    @Parameters(paramLabel = "CONTAINER", arity = "1..*")
    List<String> containers;

    @Override
    public Integer call() throws Exception {
        ContainerStore store = ContainerArgs.store(parent);
        ContainerRunner runner = new ContainerRunner(parent.global.root, ContainerArgs.log(parent));
        return ContainerArgs.forEach(parent, containers, c -> {
            start(runner, store.find(c));
            parent.spec.commandLine().getOut().println(c);
        });
    }

    /** One container started again; shared with restart. */
    static void start(ContainerRunner runner, ContainerRecord record) throws org.racker.RackerException {
        if (VmExec.isVm(record)) {
            throw new InvalidArgumentException("cannot start " + record.name() + ": starting a VM again is not"
                    + " supported yet; run a new one with racker run --vm");
        }
        try {
            runner.startAgain(record);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.racker.RackerException("interrupted while starting " + record.name());
        }
    }
}

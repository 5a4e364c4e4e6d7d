package org.racker.cli;

import static org.racker.cli.CommandModel.flag;
import static org.racker.cli.CommandModel.positionals;

import java.util.List;
import java.util.concurrent.Callable;
import org.racker.InvalidArgumentException;
import org.racker.runtime.ContainerRunner;
import org.racker.runtime.exec.Stdio;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStore;
import org.racker.vm.VmExec;
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
        ContainerStore store = ContainerArgs.store(parent);
        ContainerRunner runner = new ContainerRunner(parent.global.root, ContainerArgs.log(parent));
        if (attach || interactive) {
            if (containers.size() > 1) {
                throw new InvalidArgumentException("you cannot start and attach multiple containers at once");
            }
            ContainerRecord record = store.find(containers.get(0));
            refuseVm(record);
            return runner.runAgain(record, Stdio.inherit(interactive));
        }
        return ContainerArgs.forEach(parent, containers, c -> {
            start(runner, store.find(c));
            parent.spec.commandLine().getOut().println(c);
        });
    }

    /** One container started again, detached; shared with restart. */
    static void start(ContainerRunner runner, ContainerRecord record) throws org.racker.RackerException {
        refuseVm(record);
        try {
            runner.startAgain(record);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.racker.RackerException("interrupted while starting " + record.name());
        }
    }

    private static void refuseVm(ContainerRecord record) throws InvalidArgumentException {
        if (VmExec.isVm(record)) {
            throw new InvalidArgumentException("cannot start " + record.name() + ": starting a VM again is not"
                    + " supported yet; run a new one with racker run --vm");
        }
    }
}

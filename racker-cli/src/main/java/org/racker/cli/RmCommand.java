package org.racker.cli;

import static org.racker.cli.CommandModel.flag;
import static org.racker.cli.CommandModel.positionals;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.racker.RackerException;
import org.racker.runtime.AbandonedContainerReaper;
import org.racker.state.NoSuchContainerException;
import org.racker.runtime.UnrecordedContainers;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;
import org.racker.state.ContainerStore;
import org.racker.state.DamagedRecord;
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
        GlobalOptions global = parent.global;
        PrintWriter out = parent.spec.commandLine().getOut();
        PrintWriter err = parent.spec.commandLine().getErr();
        ContainerStore store = new ContainerStore(global.root);
        new AbandonedContainerReaper(store, new StderrEventLog(err, global.verbose, global.debug, parent.startNanos)).reap();
        int status = 0;
        for (String c : containers) {
            try {
                remove(store, c);
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

    private void remove(ContainerStore store, String c) throws RackerException {
        ContainerRecord r;
        try {
            r = store.find(c);
        } catch (NoSuchContainerException e) {
            if (removeWithoutRecord(store, c)) {
                return;
            }
            throw e;
        }
        if (r.status() != ContainerStatus.EXITED && !r.awaitsStart()) {
            if (!force) {
                throw new RackerException("cannot remove container \"/" + r.name() + "\": container is running: stop the"
                        + " container before removing or force remove (rm -f)");
            }
            r = new org.racker.runtime.ContainerOperations(store, ContainerArgs.log(parent)).kill(r);
        }
        store.remove(r);
    }

    /**
     * A container racker has no usable record of: its state file is damaged, or its state is
     * gone while it still runs. Whatever still runs of it goes (with -f only), then its
     * directory. False when {@code nameOrId} names no such container.
     */
    private boolean removeWithoutRecord(ContainerStore store, String nameOrId) throws RackerException {
        ContainerStore.Contents contents = store.contents();
        Optional<DamagedRecord> damaged = store.findDamaged(nameOrId, contents.damaged());
        List<UnrecordedContainers.Unrecorded> unrecorded = UnrecordedContainers.of(store, contents);
        Optional<UnrecordedContainers.Unrecorded> running = UnrecordedContainers.find(
                damaged.map(DamagedRecord::id).orElse(nameOrId), unrecorded);
        if (damaged.isEmpty() && running.isEmpty()) {
            return false;
        }
        if (running.isPresent()) {
            if (!force) {
                throw new RackerException("container " + running.get().id() + " is running without usable state:"
                        + " remove it with rm -f");
            }
            UnrecordedContainers.kill(running.get());
            store.forgetNames(running.get().id());
        }
        damaged.ifPresent(store::remove);
        return true;
    }
}

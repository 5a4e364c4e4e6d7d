package org.racker.cli;

import org.racker.runtime.AbandonedContainerReaper;
import org.racker.state.ContainerStore;

/** What the container commands share: the store, with abandoned containers cleaned up first. */
final class ContainerArgs {
    private ContainerArgs() { }

    static ContainerStore store(RackerCommand parent) {
        return store(parent.global.root, log(parent));
    }

    static ContainerStore store(java.nio.file.Path root, org.racker.EventLog log) {
        ContainerStore store = new ContainerStore(root);
        new AbandonedContainerReaper(store, log).reap();
        return store;
    }

    /** What a command does to one named container; may fail with the container missing. */
    interface Action {
        void apply(String nameOrId) throws org.racker.RackerException;
    }

    /**
     * Applies {@code action} to each container named, as docker does: a missing one is
     * reported and the rest still handled; the exit status is 1 if any was missing.
     */
    static int forEach(RackerCommand parent, java.util.List<String> containers, Action action)
            throws org.racker.RackerException {
        int status = 0;
        for (String c : containers) {
            try {
                action.apply(c);
            } catch (org.racker.state.NoSuchContainerException e) {
                parent.spec.commandLine().getErr().println("racker: " + e.getMessage());
                status = ExitCodes.NO_SUCH_CONTAINER;
            }
        }
        parent.spec.commandLine().getOut().flush();
        parent.spec.commandLine().getErr().flush();
        return status;
    }

    static StderrEventLog log(RackerCommand parent) {
        return new StderrEventLog(parent.spec.commandLine().getErr(), parent.global.verbose, parent.global.debug,
                parent.startNanos);
    }
}

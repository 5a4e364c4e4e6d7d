package org.racker.cli;

import org.racker.api.Containers;
import org.racker.api.Racker;

/** What the container commands share: the containers of the root, the event log, docker's handling of many names. */
final class ContainerArgs {
    private ContainerArgs() { }

    /** The containers of the global options' root. */
    static Containers containers(RackerCommand parent) {
        return Racker.builder().root(parent.global.root).eventLog(log(parent)).build().containers();
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
            } catch (org.racker.NoSuchContainerException e) {
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

package org.racker.cli;

import org.racker.runtime.AbandonedContainerReaper;
import org.racker.state.ContainerStore;

/** What the container commands share: the store, with abandoned containers cleaned up first. */
final class ContainerArgs {
    private ContainerArgs() { }

    static ContainerStore store(RackerCommand parent) {
        ContainerStore store = new ContainerStore(parent.global.root);
        new AbandonedContainerReaper(store, log(parent)).reap();
        return store;
    }

    static StderrEventLog log(RackerCommand parent) {
        return new StderrEventLog(parent.spec.commandLine().getErr(), parent.global.verbose, parent.global.debug,
                parent.startNanos);
    }
}

package org.racker.api;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import org.racker.EventLog;
import org.racker.state.ContainerStore;

/**
 * The containers of one state root, by name or id: what the {@code racker} commands that act
 * on existing containers do, as calls. Obtained from {@link Racker#containers()}.
 */
public final class Containers {
    private final Path root;
    private final ContainerStore store;
    private final EventLog log;
    private final Consumer<String> notices;

    Containers(Path root, ContainerStore store, EventLog log, Consumer<String> notices) {
        this.root = Objects.requireNonNull(root, "root");
        this.store = Objects.requireNonNull(store, "store");
        this.log = Objects.requireNonNull(log, "log");
        this.notices = Objects.requireNonNull(notices, "notices");
    }

    // ---- lifecycle: start, stop, kill, restart, wait ----

    // ---- end of lifecycle ----

    Path root() {
        return root;
    }

    // ---- queries and contents: list, find, inspect, logs, ports, files, remove ----

    // ---- end of queries ----
}

package org.racker.api;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import org.racker.EventLog;
import org.racker.store.PullProgress;

/**
 * The images of one state root: pulled, imported, derived and curated ones; what the
 * {@code racker image} and {@code postroj pull} commands do, as calls. Obtained from
 * {@link Racker#images()}.
 */
public final class Images {
    private final Path root;
    private final EventLog log;
    private final boolean tlsVerify;
    private final PullProgress pullProgress;
    private final Consumer<String> notices;

    Images(Path root, EventLog log, boolean tlsVerify, PullProgress pullProgress, Consumer<String> notices) {
        this.root = Objects.requireNonNull(root, "root");
        this.log = Objects.requireNonNull(log, "log");
        this.tlsVerify = tlsVerify;
        this.pullProgress = Objects.requireNonNull(pullProgress, "pullProgress");
        this.notices = Objects.requireNonNull(notices, "notices");
    }
}

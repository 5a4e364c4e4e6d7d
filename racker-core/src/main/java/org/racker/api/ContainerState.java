package org.racker.api;

import java.util.Locale;

/** Where a container is in its life, named as docker names its states. */
public enum ContainerState {
    /** Made ({@code racker create}) and not started yet. */
    CREATED,
    RUNNING,
    /** Ended, its record kept until it is removed. */
    EXITED;

    /** Docker's word for it: {@code created}, {@code running}, {@code exited}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package org.racker.runtime;

/** How a container runs its command. */
public enum RunMode {
    /** Boot when the root has systemd, otherwise run the command directly. */
    AUTO,
    /** Boot systemd, then run the command through the container's service manager. */
    BOOT,
    /** Run the command directly as the container's payload, as docker runs application images. */
    APP
}

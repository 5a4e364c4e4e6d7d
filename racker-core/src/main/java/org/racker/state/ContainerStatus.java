package org.racker.state;

/** The life of a container as docker names it. */
public enum ContainerStatus {
    CREATED, RUNNING, EXITED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

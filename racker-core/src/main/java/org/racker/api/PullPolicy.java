package org.racker.api;

import org.racker.InvalidArgumentException;

/** When a named image is pulled, as docker's {@code --pull}. */
public enum PullPolicy {
    /** Only when the state root does not hold it yet. */
    MISSING,
    /** Every time, so the container runs what the registry has now. */
    ALWAYS,
    /** Never: an image not pulled before is an error. */
    NEVER;

    public static PullPolicy parse(String value) throws InvalidArgumentException {
        return switch (value) {
            case "missing" -> MISSING;
            case "always" -> ALWAYS;
            case "never" -> NEVER;
            default -> throw new InvalidArgumentException("invalid --pull \"" + value + "\": use missing, always or never");
        };
    }
}

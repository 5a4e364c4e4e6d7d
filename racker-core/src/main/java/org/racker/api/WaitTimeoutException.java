package org.racker.api;

import java.util.Objects;
import org.racker.RackerException;

/**
 * A {@link WaitStrategy} was not satisfied in time, or its container ended first. The message
 * names what was awaited and what was last seen; {@link #logTail()} keeps the end of the
 * container's log, read before the container was removed.
 */
public class WaitTimeoutException extends RackerException {
    private final String awaited;
    private final String lastSeen;
    private final String details;
    private final String logTail;

    public WaitTimeoutException(String message, String awaited, String lastSeen, String details, String logTail) {
        super(details.isEmpty() ? message : message + "\n" + details);
        this.details = details;
        this.awaited = Objects.requireNonNull(awaited, "awaited");
        this.lastSeen = Objects.requireNonNull(lastSeen, "lastSeen");
        this.logTail = Objects.requireNonNull(logTail, "logTail");
    }

    /** What was awaited, as {@link WaitStrategy#toString()} says it. */
    public String awaited() {
        return awaited;
    }

    /** What the last look found, such as a unit's state; empty when nothing was seen. */
    public String lastSeen() {
        return lastSeen;
    }

    /** What the strategy read once it failed, such as a unit's status and journal; may be empty. */
    public String details() {
        return details;
    }

    /** The last lines of the container's journal (or an app container's output); may be empty. */
    public String logTail() {
        return logTail;
    }
}

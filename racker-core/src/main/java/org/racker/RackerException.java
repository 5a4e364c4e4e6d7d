package org.racker;

/**
 * A failure racker itself is responsible for: bad input, a missing root, a container that
 * would not boot. The CLI maps every subclass to an exit code in one place; the message is
 * written for the user, one line saying what went wrong and, where there is one, the fix.
 */
public class RackerException extends Exception {
    public RackerException(String message) {
        super(message);
    }

    public RackerException(String message, Throwable cause) {
        super(message, cause);
    }
}

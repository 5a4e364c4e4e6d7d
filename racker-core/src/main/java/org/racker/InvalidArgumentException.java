package org.racker;

/** The user asked for something that cannot be: a malformed flag value, a missing path. */
public class InvalidArgumentException extends RackerException {
    public InvalidArgumentException(String message) {
        super(message);
    }
}

package org.racker.vm;

import org.racker.RackerException;

/** A virtual machine could not be made, booted, reached or stopped; the message says which and why. */
public class VmException extends RackerException {
    public VmException(String message) {
        super(message);
    }

    public VmException(String message, Throwable cause) {
        super(message, cause);
    }
}

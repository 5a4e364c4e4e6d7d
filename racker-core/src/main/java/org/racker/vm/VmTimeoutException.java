package org.racker.vm;

/** A VM did not do in time what was waited for (boot, answer, power off). */
public final class VmTimeoutException extends VmException {
    public VmTimeoutException(String message) {
        super(message);
    }
}

package org.racker.runtime;

import org.racker.RackerException;

/** A command, copy or stop was asked of a container that has stopped (or never ran). */
public class ContainerNotRunningException extends RackerException {
    public ContainerNotRunningException(String name) {
        super("container " + name + " is not running");
    }
}

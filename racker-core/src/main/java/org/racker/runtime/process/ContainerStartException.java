package org.racker.runtime.process;

import org.racker.RackerException;

/** The container did not come up: nspawn failed, systemd did not reach readiness in time. */
public class ContainerStartException extends RackerException {
    public ContainerStartException(String message) {
        super(message);
    }

    public ContainerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}

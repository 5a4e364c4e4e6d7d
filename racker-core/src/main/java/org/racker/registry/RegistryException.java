package org.racker.registry;

import org.racker.RackerException;

/**
 * Talking to a registry failed. The message names the action and where it went, e.g.
 * "pulling manifest of docker.io/library/debian:bookworm-slim from https://registry-1.docker.io:
 * ...". Never carries credentials or tokens.
 */
public class RegistryException extends RackerException {
    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}

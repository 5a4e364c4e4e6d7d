package org.racker.state;

/**
 * What the store throws for a container it does not hold: {@link org.racker.NoSuchContainerException},
 * the type users and the API see, kept here for the many state-level callers that name it.
 */
public class NoSuchContainerException extends org.racker.NoSuchContainerException {
    public NoSuchContainerException(String nameOrId) {
        super(nameOrId);
    }
}

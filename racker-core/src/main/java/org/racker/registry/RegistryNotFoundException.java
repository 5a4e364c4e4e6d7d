package org.racker.registry;

/** The registry does not have the repository, tag, manifest or blob asked for (404). */
public class RegistryNotFoundException extends RegistryException {
    public RegistryNotFoundException(String message) {
        super(message);
    }
}

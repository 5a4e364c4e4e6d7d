package org.racker.registry;

/** registries.conf blocks pulling from this registry or repository. */
public class RegistryBlockedException extends RegistryException {
    public RegistryBlockedException(String message) {
        super(message);
    }
}

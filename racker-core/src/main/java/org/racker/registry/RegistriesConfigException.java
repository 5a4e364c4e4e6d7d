package org.racker.registry;

/** A registries.conf file could not be read or does not follow containers-registries.conf(5). */
public class RegistriesConfigException extends RegistryException {
    public RegistriesConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}

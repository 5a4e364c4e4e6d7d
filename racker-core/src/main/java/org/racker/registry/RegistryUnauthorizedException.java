package org.racker.registry;

/** The registry answered 401 or 403: no credentials where some are needed, or refused ones. */
public class RegistryUnauthorizedException extends RegistryException {
    private final boolean credentialsUsed;

    public RegistryUnauthorizedException(String message, boolean credentialsUsed) {
        super(message);
        this.credentialsUsed = credentialsUsed;
    }

    /** Whether credentials from an auth file were sent and refused (else none were found). */
    public boolean credentialsUsed() {
        return credentialsUsed;
    }
}

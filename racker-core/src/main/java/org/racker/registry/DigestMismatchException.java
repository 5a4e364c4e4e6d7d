package org.racker.registry;

import org.racker.image.Digest;

/** Content did not hash to the digest it was asked for by; nothing of it was kept. */
public class DigestMismatchException extends RegistryException {
    private final Digest expected;
    private final Digest actual;

    public DigestMismatchException(String message, Digest expected, Digest actual) {
        super(message);
        this.expected = expected;
        this.actual = actual;
    }

    public Digest expected() {
        return expected;
    }

    /** What the content hashed to; null when it was refused before the end (too long). */
    public Digest actual() {
        return actual;
    }
}

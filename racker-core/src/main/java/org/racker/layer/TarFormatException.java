package org.racker.layer;

import java.io.IOException;
import java.util.Optional;

/**
 * A tar header the reader refuses (a negative size, a NUL inside a name, an owner that does
 * not fit, headers past their bound), naming the entry it belongs to when it got that far:
 * the unpacker's message then names the entry, not just the one before it.
 */
final class TarFormatException extends IOException {
    private final String entry;

    TarFormatException(String entry, String problem) {
        super(problem);
        this.entry = entry;
    }

    Optional<String> entry() {
        return Optional.ofNullable(entry);
    }
}

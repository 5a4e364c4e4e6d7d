package org.racker.registry;

import java.io.IOException;

/**
 * The token server named by a registry's challenge could not be reached or failed (5xx): an
 * IOException, so the request is retried like any other connection failure, with a message
 * that already names the token server rather than the registry.
 */
final class TokenServerException extends IOException {
    TokenServerException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.racker.registry;

import java.io.IOException;

/**
 * The registry redirected somewhere racker does not go: to a scheme other than http(s) (a
 * {@code file:} URL would read this machine's files), from HTTPS down to plain HTTP, or in a
 * loop. An IOException because it happens where the connection's other failures do; never
 * retried, as the registry would answer the same.
 */
final class RedirectRefusedException extends IOException {
    RedirectRefusedException(String message) {
        super(message);
    }
}

package org.racker.autopkgtest;

/**
 * A request the protocol does not allow in the server's state (an unknown command, the
 * wrong number of words, {@code close} when nothing is open) or a test bed that could not
 * be set up: autopkgtest's own servers end with status 12 on these.
 */
final class ProtocolException extends Exception {
    ProtocolException(String message) {
        super(message);
    }

    ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}

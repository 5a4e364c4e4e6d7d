package org.racker;

/**
 * {@code -u USER[:GROUP]} names a user or group the container does not have: the command
 * cannot be invoked (docker's exit status 126, with docker's words).
 */
public class NoSuchUserException extends RackerException {
    private NoSuchUserException(String message) {
        super(message);
    }

    public static NoSuchUserException user(String name) {
        return new NoSuchUserException("unable to find user " + InvalidArgumentException.printable(name)
                + ": no matching entries in passwd file");
    }

    public static NoSuchUserException group(String name) {
        return new NoSuchUserException("unable to find group " + InvalidArgumentException.printable(name)
                + ": no matching entries in group file");
    }
}

package org.racker;

/** A container named on the command line (by name or id prefix) does not exist. */
public class NoSuchContainerException extends RackerException {
    public NoSuchContainerException(String nameOrId) {
        super("No such container: " + nameOrId); // docker's words, which scripts look for
    }
}

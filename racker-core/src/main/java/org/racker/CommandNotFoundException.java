package org.racker;

/** The command does not exist in the container (docker's exit status 127). */
public class CommandNotFoundException extends RackerException {
    public CommandNotFoundException(String command) {
        super("executable file not found in the container: " + command
                + (command.contains("/") ? "" : " (searched $PATH)"));
    }
}

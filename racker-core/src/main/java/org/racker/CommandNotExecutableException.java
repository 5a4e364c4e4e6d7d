package org.racker;

/** The command exists in the container but cannot be executed (docker's exit status 126). */
public class CommandNotExecutableException extends RackerException {
    public CommandNotExecutableException(String command) {
        super("cannot execute " + command + " in the container: it is a directory or lacks the execute permission");
    }
}

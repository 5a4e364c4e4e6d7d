package org.racker.probe;

/**
 * A shell command run in the container as a check: it must exit with {@code status} and, when
 * {@code output} is given, print it (on stdout or stderr).
 */
public record CommandCheck(String run, int status, String output) {
    public String name() {
        return "command " + run;
    }
}

package org.racker.output;

/** The stream a line of a container's output came on. */
public enum LogStream {
    STDOUT('1'),
    STDERR('2');

    private final char tag;

    LogStream(char tag) {
        this.tag = tag;
    }

    char tag() {
        return tag;
    }

    static LogStream ofTag(char tag) {
        return switch (tag) {
            case '1' -> STDOUT;
            case '2' -> STDERR;
            default -> null;
        };
    }
}

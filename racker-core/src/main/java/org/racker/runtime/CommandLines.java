package org.racker.runtime;

import java.util.List;
import java.util.stream.Collectors;

/** Renders argument lists for humans, shell-quoted where needed, for logs and {@code ps}. */
public final class CommandLines {
    private CommandLines() { }

    public static String render(List<String> args) {
        return args.stream().map(CommandLines::quote).collect(Collectors.joining(" "));
    }

    static String quote(String arg) {
        if (!arg.isEmpty() && arg.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./=:@,+%".indexOf(c) >= 0)) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}

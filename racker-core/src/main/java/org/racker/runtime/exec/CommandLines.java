package org.racker.runtime.exec;

import java.util.List;

/**
 * Renders argument lists for humans, shell-quoted where needed, for logs and {@code ps}.
 * Plain loops: exec renders its command line on every start, and the first stream or lambda
 * of a JVM costs milliseconds of set-up.
 */
public final class CommandLines {
    private CommandLines() { }

    public static String render(List<String> args) {
        StringBuilder line = new StringBuilder();
        for (String arg : args) {
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(quote(arg));
        }
        return line.toString();
    }

    static String quote(String arg) {
        boolean plain = !arg.isEmpty();
        for (int i = 0; i < arg.length() && plain; i++) {
            char c = arg.charAt(i);
            plain = Character.isLetterOrDigit(c) || "-_./=:@,+%".indexOf(c) >= 0;
        }
        if (plain) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}

package org.racker;

/** The user asked for something that cannot be: a malformed flag value, a missing path. */
public class InvalidArgumentException extends RackerException {
    public InvalidArgumentException(String message) {
        super(message);
    }

    /**
     * {@code value} in double quotes, its control characters escaped: a message about a bad
     * value stays one line, and a terminal never sees the raw bytes.
     */
    public static String quoted(String value) {
        return "\"" + printable(value) + "\"";
    }

    /** {@code value} with its control characters, backslashes and double quotes escaped. */
    public static String printable(String value) {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '"') {
                q.append('\\').append(c);
            } else if (Character.isISOControl(c)) {
                q.append(String.format("\\x%02x", (int) c));
            } else {
                q.append(c);
            }
        }
        return q.toString();
    }
}

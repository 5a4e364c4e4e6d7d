package org.racker.output;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What {@code racker logs} asks for: the last {@code tail} lines (all when null), lines from
 * {@code since} to {@code until} (open when null), each prefixed with its time, and whether to
 * go on while the container runs. {@code journal} asks for a booted container's whole journal.
 */
public record LogQuery(Integer tail, Instant since, Instant until, boolean timestamps, boolean follow, boolean journal) {
    private static final DateTimeFormatter DOCKER_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    public static LogQuery all() {
        return new LogQuery(null, null, null, false, false, false);
    }

    /** docker's {@code --tail}: a count of lines, or "all" (null: no limit). */
    public static Integer tail(String value) throws org.racker.InvalidArgumentException {
        if (value == null || value.equals("all")) {
            return null;
        }
        if (!value.matches("[0-9]{1,9}")) {
            throw new org.racker.InvalidArgumentException("invalid --tail value "
                    + org.racker.InvalidArgumentException.quoted(value) + ": give a number of lines or \"all\"");
        }
        return Integer.valueOf(value);
    }

    /** Whether lines must be read one by one, with their times, rather than copied as they are. */
    public boolean needsTimes() {
        return timestamps || since != null || until != null;
    }

    /** A line's prefix with {@link #timestamps}: docker's fixed-width RFC 3339 time and a space. */
    public static String timestamp(Instant time) {
        return DOCKER_TIME.format(time) + " ";
    }
}

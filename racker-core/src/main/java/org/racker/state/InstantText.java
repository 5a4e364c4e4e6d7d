package org.racker.state;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads the instants in state files. {@link Instant#parse} first builds java.time's
 * formatter machinery, about 10 ms of a cold JVM that every racker command paid for a few
 * timestamps; this reads the one shape {@link Instant#toString} writes for years 0-9999
 * ({@code 2026-01-02T03:04:05.123456789Z}, fraction optional) by hand and leaves anything
 * else to {@link Instant#parse}.
 */
final class InstantText {
    private InstantText() { }

    static Instant parse(String text) {
        int n = text.length();
        if (n < 20 || n == 21 || n > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(n - 1) != 'Z'
                || (n > 20 && text.charAt(19) != '.')) {
            return Instant.parse(text);
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int fraction = n > 20 ? digits(text, 20, n - 1) : 0;
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > LocalDate.of(year, month, 1).lengthOfMonth()
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || fraction < 0) {
            return Instant.parse(text); // says what is wrong with it
        }
        for (int i = n - 1; i < 29; i++) {
            fraction *= 10; // "…:05.5Z" is half a second
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, fraction);
    }

    /** The decimal number in text[from, to), or -1 when it is not all ASCII digits. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}

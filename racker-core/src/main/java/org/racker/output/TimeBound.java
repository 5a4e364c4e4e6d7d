package org.racker.output;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.racker.InvalidArgumentException;

/**
 * A point in time as docker's {@code logs --since/--until} take it: an RFC 3339 time (without
 * a zone: the local one), a date, a Unix timestamp with optional fraction, or a Go duration
 * ({@code 10m}, {@code 1h30m}) counted back from now.
 */
public final class TimeBound {
    private static final Pattern DURATION_PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|µs|ms|s|m|h)");
    private static final Pattern DURATION = Pattern.compile("(?:[0-9]+(?:\\.[0-9]+)?(?:ns|us|µs|ms|s|m|h))+");

    private TimeBound() { }

    public static Instant parse(String option, String value, Instant now, ZoneId zone) throws InvalidArgumentException {
        String v = value.strip();
        try {
            if (v.matches("[0-9]{1,12}(\\.[0-9]{1,9})?")) {
                BigDecimal seconds = new BigDecimal(v);
                long whole = seconds.longValue();
                long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
                return Instant.ofEpochSecond(whole, nanos);
            }
            if (DURATION.matcher(v).matches()) {
                return now.minus(duration(v));
            }
            if (v.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
                return LocalDate.parse(v).atStartOfDay(zone).toInstant();
            }
            if (v.matches(".*(Z|[+-][0-9]{2}:[0-9]{2})")) {
                return OffsetDateTime.parse(v).toInstant();
            }
            return LocalDateTime.parse(v).atZone(zone).toInstant();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new InvalidArgumentException("invalid " + option + " value " + InvalidArgumentException.quoted(value)
                    + ": give an RFC 3339 time (2026-01-02T15:04:05Z), a Unix timestamp or a duration such as 10m");
        }
    }

    private static Duration duration(String v) {
        Duration total = Duration.ZERO;
        Matcher m = DURATION_PART.matcher(v);
        while (m.find()) {
            BigDecimal amount = new BigDecimal(m.group(1));
            long nanosPerUnit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            total = total.plusNanos(amount.multiply(BigDecimal.valueOf(nanosPerUnit)).longValueExact());
        }
        return total;
    }
}

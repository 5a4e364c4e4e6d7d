package org.racker.api;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.racker.InvalidArgumentException;
import org.racker.output.LogQuery;
import org.racker.output.TimeBound;

/**
 * Which part of a container's log to read, as docker's {@code logs} options say it: the last
 * lines, lines within a time span, with their times, and whether to go on while the container
 * runs. Immutable; {@link #ALL} is the whole log as it is.
 */
public final class LogOptions {
    /** Every line, without times, read once. */
    public static final LogOptions ALL = builder().build();

    private final LogQuery query;

    private LogOptions(LogQuery query) {
        this.query = query;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How many lines from the end; empty for all of them. */
    public Optional<Integer> tail() {
        return Optional.ofNullable(query.tail());
    }

    /** The earliest time of a line shown; empty for no bound. */
    public Optional<Instant> since() {
        return Optional.ofNullable(query.since());
    }

    /** The latest time of a line shown; empty for no bound. */
    public Optional<Instant> until() {
        return Optional.ofNullable(query.until());
    }

    /** Whether each line is prefixed with the time it was written (RFC 3339, UTC, nanoseconds). */
    public boolean timestamps() {
        return query.timestamps();
    }

    /** Whether reading goes on until the container stops. */
    public boolean follow() {
        return query.follow();
    }

    /** Whether a booted container's whole journal is read, also when it was given a command of its own. */
    public boolean journal() {
        return query.journal();
    }

    LogQuery query() {
        return query;
    }

    /** Builds {@link LogOptions}; times given as text are read against the moment the builder was made. */
    public static final class Builder {
        private final Instant now = Instant.now();
        private Integer tail;
        private Instant since;
        private Instant until;
        private boolean timestamps;
        private boolean follow;
        private boolean journal;

        private Builder() { }

        /** The last {@code lines} lines only. */
        public Builder tail(int lines) {
            if (lines < 0) {
                throw new IllegalArgumentException("tail must not be negative: " + lines);
            }
            tail = lines;
            return this;
        }

        /** Docker's {@code --tail}: a number of lines, or {@code all} (as null is). */
        public Builder tail(String lines) throws InvalidArgumentException {
            tail = LogQuery.tail(lines);
            return this;
        }

        public Builder since(Instant value) {
            since = value;
            return this;
        }

        /**
         * Docker's {@code --since}: an RFC 3339 time (without a zone: the local one), a Unix
         * timestamp, or a duration back from now ({@code 10m}, {@code 1h30m}); null for none.
         */
        public Builder since(String value) throws InvalidArgumentException {
            since = value == null ? null : TimeBound.parse("--since", value, now, ZoneId.systemDefault());
            return this;
        }

        public Builder until(Instant value) {
            until = value;
            return this;
        }

        /** Docker's {@code --until}, read as {@link #since(String)} is. */
        public Builder until(String value) throws InvalidArgumentException {
            until = value == null ? null : TimeBound.parse("--until", value, now, ZoneId.systemDefault());
            return this;
        }

        public Builder timestamps(boolean value) {
            timestamps = value;
            return this;
        }

        public Builder follow(boolean value) {
            follow = value;
            return this;
        }

        public Builder journal(boolean value) {
            journal = value;
            return this;
        }

        public LogOptions build() {
            return new LogOptions(new LogQuery(tail, since, until, timestamps, follow, journal));
        }
    }
}

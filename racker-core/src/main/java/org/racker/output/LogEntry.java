package org.racker.output;

import java.time.Instant;

/**
 * One line a container's command wrote, with its newline (the last line of a stream may have
 * none), the stream it came on and when its first byte arrived.
 */
public record LogEntry(LogStream stream, Instant time, byte[] bytes) {
    public LogEntry {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Whether the entry lies in [since, until]; either bound may be null. */
    public boolean within(Instant since, Instant until) {
        return (since == null || !time.isBefore(since)) && (until == null || !time.isAfter(until));
    }
}

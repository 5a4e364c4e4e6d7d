package org.racker.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputLogTest {
    @TempDir
    Path dir;

    /** A clock that moves on by a millisecond each time it is read. */
    private static Clock ticking() {
        return new Clock() {
            private Instant now = Instant.parse("2026-01-02T03:04:05.000000001Z");

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public synchronized Instant instant() {
                now = now.plusMillis(1);
                return now;
            }
        };
    }

    @Test
    void keepsLinesWithTheirStreamAndTimeAndALastLineWithoutNewline() throws IOException {
        OutputLog log = OutputLog.in(dir);
        try (OutputLog.Writer w = log.open(ticking())) {
            OutputStream out = w.stream(LogStream.STDOUT);
            OutputStream err = w.stream(LogStream.STDERR);
            out.write("one\ntw".getBytes(StandardCharsets.UTF_8));
            err.write("oops\n".getBytes(StandardCharsets.UTF_8));
            out.write("o\nthree".getBytes(StandardCharsets.UTF_8));
        }
        List<LogEntry> entries = log.readAll();
        assertThat(entries).extracting(e -> e.stream() + ":" + new String(e.bytes(), StandardCharsets.UTF_8))
                .containsExactly("STDOUT:one\n", "STDOUT:two\n", "STDERR:oops\n", "STDOUT:three");
        assertThat(entries.get(1).time()).as("a line's time is that of its first byte")
                .isBefore(entries.get(2).time());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(OutputLog.FILE))))
                .isEqualTo("rw-------");
    }

    @Test
    void bytesThatAreNoTextSurviveAndLongLinesAreSplit() throws IOException {
        OutputLog log = OutputLog.in(dir);
        byte[] binary = {0, (byte) 0xff, (byte) 0xc3, '\r', 7, '\n'};
        byte[] longLine = "x".repeat(OutputLog.MAX_RECORD + 10).getBytes(StandardCharsets.US_ASCII);
        try (OutputLog.Writer w = log.open(ticking())) {
            OutputStream out = w.stream(LogStream.STDOUT);
            out.write(binary);
            out.write(longLine);
        }
        List<LogEntry> entries = log.readAll();
        assertThat(entries.get(0).bytes()).isEqualTo(binary);
        assertThat(entries).hasSize(3);
        assertThat(entries.get(1).bytes()).hasSize(OutputLog.MAX_RECORD);
        assertThat(entries.get(2).bytes()).hasSize(10);
    }

    @Test
    void aRecordCutShortIsNotReadAndReadingGoesOnWhereItStopped() throws IOException {
        OutputLog log = OutputLog.in(dir);
        try (OutputLog.Writer w = log.open(ticking())) {
            w.stream(LogStream.STDOUT).write("whole\n".getBytes(StandardCharsets.UTF_8));
        }
        Files.write(dir.resolve(OutputLog.FILE), "1 1767323045.000000001 10\nhalf".getBytes(StandardCharsets.US_ASCII),
                StandardOpenOption.APPEND);
        List<LogEntry> seen = new ArrayList<>();
        long position = log.read(0, seen::add);
        assertThat(seen).hasSize(1);
        Files.write(dir.resolve(OutputLog.FILE), " done\n\n".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        List<LogEntry> later = new ArrayList<>();
        log.read(position, later::add);
        assertThat(later).extracting(e -> new String(e.bytes(), StandardCharsets.UTF_8)).containsExactly("half done\n");
    }

    @Test
    void aDamagedLogIsAnErrorNotGarbage() throws IOException {
        Files.writeString(dir.resolve(OutputLog.FILE), "not a header\nxx\n");
        assertThatThrownBy(() -> OutputLog.in(dir).readAll()).isInstanceOf(IOException.class).hasMessageContaining("damaged");
    }

    @Test
    void linesComeInTheOrderTheyWereWrittenWhateverOrderTheyLandedIn() throws IOException {
        Files.writeString(dir.resolve(OutputLog.FILE), "2 20.000000000 2\nB\n\n1 10.000000000 2\nA\n\n");
        assertThat(OutputLog.in(dir).readAll()).extracting(e -> new String(e.bytes(), StandardCharsets.UTF_8))
                .containsExactly("A\n", "B\n");
    }

    @Test
    void withinHoldsToBothBounds() {
        LogEntry e = new LogEntry(LogStream.STDOUT, Instant.ofEpochSecond(100), new byte[0]);
        assertThat(e.within(null, null)).isTrue();
        assertThat(e.within(Instant.ofEpochSecond(100), Instant.ofEpochSecond(100))).isTrue();
        assertThat(e.within(Instant.ofEpochSecond(101), null)).isFalse();
        assertThat(e.within(null, Instant.ofEpochSecond(99))).isFalse();
    }
}

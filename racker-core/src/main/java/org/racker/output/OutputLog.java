package org.racker.output;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a container's command wrote while racker relayed it, kept in the container's state
 * directory for {@code racker logs}: line by line, with the stream and the time of each, as
 * docker's log drivers keep them. Each record is a header line {@code STREAM SECONDS.NANOS
 * LENGTH} (STREAM 1 for stdout, 2 for stderr), then LENGTH bytes as they were written, then a
 * newline: binary output survives, and a record a killed racker left half written is not read.
 */
public final class OutputLog {
    public static final String FILE = "output.log";
    /** A line longer than this is kept as several records, as docker splits long lines. */
    static final int MAX_RECORD = 16 * 1024;

    private final Path file;

    private OutputLog(Path file) {
        this.file = file;
    }

    /** The log in a container's state directory. */
    public static OutputLog in(Path stateDirectory) {
        return new OutputLog(stateDirectory.resolve(FILE));
    }

    public boolean exists() {
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
    }

    /** Opens the log for appending (created private to racker); close it once the streams ended. */
    public Writer open(Clock clock) throws IOException {
        if (!exists()) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // a restarted container goes on in the same log
            }
        }
        return new Writer(FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND,
                LinkOption.NOFOLLOW_LINKS), clock);
    }

    /** Every complete record. */
    public List<LogEntry> readAll() throws IOException {
        List<LogEntry> entries = new ArrayList<>();
        read(0, entries::add);
        return entries;
    }

    /**
     * Hands every complete record from byte {@code position} on to {@code sink} and returns
     * where the last complete one ended: the position to go on from while the log grows.
     */
    public long read(long position, java.util.function.Consumer<LogEntry> sink) throws IOException {
        if (!exists()) {
            return position;
        }
        byte[] content;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = channel.size();
            if (size <= position) {
                return position;
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size - position, Integer.MAX_VALUE - 8));
            channel.read(buffer, position);
            content = buffer.array();
        }
        // the two streams are written from threads of their own: a line can land in the file
        // after a later one of the other stream
        List<LogEntry> batch = new ArrayList<>();
        int at = 0;
        while (true) {
            int headerEnd = indexOf(content, (byte) '\n', at);
            if (headerEnd < 0) {
                break;
            }
            Header header = Header.parse(new String(content, at, headerEnd - at, StandardCharsets.US_ASCII));
            if (header == null) {
                throw new IOException("the log " + file + " is damaged at byte " + (position + at));
            }
            int start = headerEnd + 1;
            if (content.length - start < header.length() + 1L) {
                break; // still being written, or cut short
            }
            byte[] bytes = java.util.Arrays.copyOfRange(content, start, start + header.length());
            batch.add(new LogEntry(header.stream(), header.time(), bytes));
            at = start + header.length() + 1;
        }
        batch.sort(java.util.Comparator.comparing(LogEntry::time));
        batch.forEach(sink);
        return position + at;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        return indexOf(bytes, b, from, bytes.length);
    }

    private static int indexOf(byte[] bytes, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private record Header(LogStream stream, Instant time, int length) {
        static Header parse(String text) {
            String[] parts = text.split(" ");
            if (parts.length != 3 || parts[0].length() != 1 || !parts[1].matches("[0-9]{1,12}\\.[0-9]{9}")
                    || !parts[2].matches("[0-9]{1,9}")) {
                return null;
            }
            LogStream stream = LogStream.ofTag(parts[0].charAt(0));
            if (stream == null) {
                return null;
            }
            String[] time = parts[1].split("\\.");
            return new Header(stream, Instant.ofEpochSecond(Long.parseLong(time[0]), Long.parseLong(time[1])),
                    Integer.parseInt(parts[2]));
        }

        static byte[] render(LogStream stream, Instant time, int length) {
            return String.format("%c %d.%09d %d\n", stream.tag(), time.getEpochSecond(), time.getNano(), length)
                    .getBytes(StandardCharsets.US_ASCII);
        }
    }

    /**
     * Appends to the log. Each stream gets an {@link OutputStream} that cuts what it is given
     * into lines; streams may be written from threads of their own.
     */
    public static final class Writer implements AutoCloseable {
        private final FileChannel channel;
        private final Clock clock;
        private final List<LineRecorder> recorders = new ArrayList<>();

        private Writer(FileChannel channel, Clock clock) {
            this.channel = channel;
            this.clock = clock;
        }

        /** A stream whose lines become records of {@code stream}. */
        public synchronized OutputStream stream(LogStream stream) {
            LineRecorder recorder = new LineRecorder(stream);
            recorders.add(recorder);
            return recorder;
        }

        private synchronized void append(LogStream stream, Instant time, byte[] bytes, int length) throws IOException {
            byte[] header = Header.render(stream, time, length);
            ByteBuffer record = ByteBuffer.allocate(header.length + length + 1);
            record.put(header).put(bytes, 0, length).put((byte) '\n').flip();
            while (record.hasRemaining()) {
                channel.write(record);
            }
        }

        /** Writes what each stream holds of a line without a newline, then closes the log. */
        @Override
        public void close() throws IOException {
            try {
                for (LineRecorder recorder : recorders) {
                    recorder.flushLine();
                }
            } finally {
                channel.close();
            }
        }

        private final class LineRecorder extends OutputStream {
            private final LogStream stream;
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();
            private Instant lineStarted;

            LineRecorder(LogStream stream) {
                this.stream = stream;
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) throws IOException {
                int end = off + len;
                while (off < end) {
                    if (line.size() == 0) {
                        lineStarted = clock.instant();
                    }
                    int take = Math.min(end - off, MAX_RECORD - line.size());
                    int newline = indexOf(b, (byte) '\n', off, off + take);
                    if (newline >= 0) {
                        take = newline - off + 1;
                    }
                    line.write(b, off, take);
                    off += take;
                    if (newline >= 0 || line.size() >= MAX_RECORD) {
                        emit();
                    }
                }
            }

            private void emit() throws IOException {
                byte[] bytes = line.toByteArray();
                line.reset();
                append(stream, lineStarted, bytes, bytes.length);
            }

            synchronized void flushLine() throws IOException {
                if (line.size() > 0) {
                    emit();
                }
            }
        }
    }
}

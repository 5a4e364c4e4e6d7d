package org.racker.runtime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.racker.EventLog;
import org.racker.RackerException;
import org.racker.json.JsonFields;
import org.racker.output.LogEntry;
import org.racker.output.LogQuery;
import org.racker.output.LogStream;
import org.racker.output.OutputLog;
import org.racker.runtime.exec.CommandLines;
import org.racker.runtime.exec.ExecRequest;
import org.racker.runtime.exec.Stdio;
import org.racker.runtime.logs.ContainerLogs;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;
import org.racker.state.ContainerStore;

/**
 * {@code racker logs} for every kind of container, for the CLI and the library alike. Where a
 * container's log is depends on how it ran: a foreground command's output is in its
 * {@link OutputLog} (stdout and stderr apart, with times); a detached booted container's
 * command wrote to the journal kept on the host; a detached app container's output is its
 * console; a booted container's whole journal is there on request.
 */
public final class ContainerLogReader {
    private static final long POLL_MILLIS = 100;

    private final ContainerStore store;
    private final EventLog log;

    public ContainerLogReader(ContainerStore store, EventLog log) {
        this.store = store;
        this.log = log;
    }

    /**
     * Writes the log of {@code record} as {@code query} asks: stdout lines to {@code out},
     * stderr lines to {@code err} where the two were kept apart. Returns once everything is
     * written, or, when following, once the container stopped.
     */
    public void write(ContainerRecord record, LogQuery query, OutputStream out, OutputStream err)
            throws RackerException, IOException, InterruptedException {
        Path stateDir = store.directoryOf(record.id());
        ContainerLogs files = new ContainerLogs(stateDir);
        boolean boot = "boot".equals(record.mode());
        boolean running = record.status() == ContainerStatus.RUNNING;
        BooleanSupplier stillRunning = () -> stillRunning(record.id());
        boolean mainOnly = !query.journal() && ContainerLogs.isMainCommandLog(record);
        boolean journal = boot && files.hasJournal() && (query.journal() || !ContainerLogs.isTerminalLog(record));
        OutputLog output = OutputLog.in(stateDir);
        if (!query.journal() && output.exists()) {
            // a foreground run's output; a later start, detached, went on in the journal
            boolean more = mainOnly && journal;
            writeOutputLog(output, query, out, err, query.follow() && running && !more ? stillRunning : null);
            if (!more) {
                return;
            }
        }
        if (journal) {
            writeJournal(files, query, mainOnly, out, query.follow() && running ? stillRunning : null);
            return;
        }
        if (running && boot && (query.journal() || !ContainerLogs.isTerminalLog(record))) {
            // no journal kept on the host: a container in the foreground of another racker
            writeRunningJournal(record, query, out);
            return;
        }
        if (query.needsTimes()) {
            throw new RackerException("racker keeps no times for the output of " + record.name() + ", a detached"
                    + (boot ? " command on a terminal" : " container without systemd")
                    + ": leave out -t, --since and --until");
        }
        files.copyConsole(out, query.tail(), query.follow() && running ? stillRunning : null);
    }

    private boolean stillRunning(String id) {
        // the reaper marks the record exited once the container's supervisor is gone
        return new AbandonedContainerReaper(store, log).refresh(id)
                .map(r -> r.status() == ContainerStatus.RUNNING).orElse(false);
    }

    /** The entries of a kept output log, then, while {@code running} says so, those added. */
    private static void writeOutputLog(OutputLog output, LogQuery query, OutputStream out, OutputStream err,
            BooleanSupplier running) throws IOException, InterruptedException {
        Deque<LogEntry> last = new ArrayDeque<>();
        long position = output.read(0, e -> {
            if (e.within(query.since(), query.until())) {
                last.addLast(e);
                if (query.tail() != null && last.size() > query.tail()) {
                    last.removeFirst();
                }
            }
        });
        for (LogEntry e : last) {
            writeEntry(e, query, out, err);
        }
        flush(out, err);
        while (running != null) {
            boolean wasRunning = running.getAsBoolean();
            position = output.read(position, e -> {
                if (e.within(query.since(), query.until())) {
                    try {
                        writeEntry(e, query, out, err);
                    } catch (IOException x) {
                        throw new UncheckedIOException(x);
                    }
                }
            });
            flush(out, err);
            if (!wasRunning) {
                return;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static void writeEntry(LogEntry e, LogQuery query, OutputStream out, OutputStream err) throws IOException {
        OutputStream to = e.stream() == LogStream.STDERR ? err : out;
        if (query.timestamps()) {
            to.write(LogQuery.timestamp(e.time()).getBytes(StandardCharsets.US_ASCII));
        }
        to.write(e.bytes());
    }

    private static void flush(OutputStream out, OutputStream err) throws IOException {
        out.flush();
        err.flush();
    }

    /**
     * The kept journal: copied as journalctl prints it, or, where lines need their times (a
     * command's output with -t, --since or --until), read entry by entry. Following polls
     * with a cursor file, so that no line is printed twice or lost.
     */
    private void writeJournal(ContainerLogs files, LogQuery query, boolean mainOnly, OutputStream out,
            BooleanSupplier running) throws RackerException, IOException, InterruptedException {
        boolean entries = mainOnly && query.needsTimes();
        List<String> base = new ArrayList<>(files.journalCommand(null, mainOnly));
        base.addAll(journalBounds(query, mainOnly));
        if (entries) {
            base.add("--output=json");
        }
        Path cursor = null;
        try {
            if (running != null) {
                cursor = Files.createTempFile(files.stateDirectory(), "logs-cursor.", ".tmp");
                Files.delete(cursor); // journalctl starts from --lines while the file is absent
            }
            boolean first = true;
            while (true) {
                boolean wasRunning = running != null && running.getAsBoolean();
                List<String> args = new ArrayList<>(base);
                if (first && query.tail() != null) {
                    args.add("--lines=" + query.tail());
                }
                if (cursor != null) {
                    args.add("--cursor-file=" + cursor);
                }
                log.debug("logs: " + CommandLines.render(args));
                Process p = new ProcessBuilder(args).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                if (entries) {
                    writeJournalEntries(p, query, out);
                } else {
                    p.getInputStream().transferTo(out);
                }
                out.flush();
                int status = p.waitFor();
                if (status != 0) {
                    throw new RackerException("journalctl could not read the journal of the container (exit "
                            + status + ")");
                }
                if (!wasRunning) {
                    return;
                }
                first = false;
                Thread.sleep(POLL_MILLIS * 2);
            }
        } finally {
            if (cursor != null) {
                Files.deleteIfExists(cursor);
            }
        }
    }

    /**
     * journalctl's bounds for --since/--until, in whole seconds around the asked ones; lines
     * read entry by entry are held to the exact bounds. -t over the whole journal shows
     * journalctl's precise ISO times.
     */
    private static List<String> journalBounds(LogQuery query, boolean mainOnly) {
        List<String> args = new ArrayList<>();
        if (query.since() != null) {
            args.add("--since=@" + query.since().getEpochSecond());
        }
        if (query.until() != null) {
            args.add("--until=@" + (query.until().getEpochSecond() + (query.until().getNano() > 0 ? 1 : 0)));
        }
        if (!mainOnly && query.timestamps()) {
            args.add("--output=short-iso-precise");
        }
        return args;
    }

    /** journalctl --output=json: one entry a line, its message a string or, if not UTF-8, an array of bytes. */
    private static void writeJournalEntries(Process p, LogQuery query, OutputStream out) throws IOException {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                Instant time = null;
                byte[] message = null;
                try (JsonParser parser = JsonFields.FACTORY.createParser(line)) {
                    parser.nextToken();
                    JsonFields.expect(parser, JsonToken.START_OBJECT, "a journal entry");
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String field = parser.getCurrentName();
                        JsonToken value = parser.nextToken();
                        if ("__REALTIME_TIMESTAMP".equals(field) && value == JsonToken.VALUE_STRING) {
                            long micros = Long.parseLong(parser.getText());
                            time = Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000);
                        } else if ("MESSAGE".equals(field)) {
                            message = messageBytes(parser, value);
                        } else {
                            parser.skipChildren();
                        }
                    }
                }
                if (time == null || message == null || !new LogEntry(LogStream.STDOUT, time, message)
                        .within(query.since(), query.until())) {
                    continue;
                }
                if (query.timestamps()) {
                    out.write(LogQuery.timestamp(time).getBytes(StandardCharsets.US_ASCII));
                }
                out.write(message);
                out.write('\n');
            }
        }
    }

    private static byte[] messageBytes(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return parser.getText().getBytes(StandardCharsets.UTF_8);
        }
        if (value == JsonToken.START_ARRAY) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            while (parser.nextToken() == JsonToken.VALUE_NUMBER_INT) {
                bytes.write(parser.getIntValue());
            }
            return bytes.toByteArray();
        }
        parser.skipChildren();
        return null;
    }

    /** The container's own journalctl, entered while it runs: its journal as it is now, and -f as long as it runs. */
    private void writeRunningJournal(ContainerRecord record, LogQuery query, OutputStream out)
            throws RackerException, IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("journalctl", "--no-pager", "--quiet", "--boot"));
        command.addAll(ContainerLogs.filter(query.tail(), false));
        command.addAll(journalBounds(query, false));
        if (query.follow()) {
            command.add("--follow");
        }
        Process p = new ContainerOperations(store, log)
                .exec(record, new ExecRequest(command, List.of(), null, null, false, false), Stdio.pipes(false));
        p.getOutputStream().close();
        Thread errors = new Thread(() -> drain(p), "logs-stderr");
        errors.setDaemon(true);
        errors.start();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = p.getInputStream().read(buffer)) > 0) {
            out.write(buffer, 0, n);
            out.flush();
        }
        int code = p.waitFor();
        // journalctl -f ends with the container: that is the normal end of following
        if (code != 0 && !query.follow()) {
            throw new RackerException("cannot read the journal of " + record.name() + " (journalctl exit " + code + ")");
        }
    }

    private static void drain(Process p) {
        try {
            p.getErrorStream().transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // nothing to report it to
        }
    }
}

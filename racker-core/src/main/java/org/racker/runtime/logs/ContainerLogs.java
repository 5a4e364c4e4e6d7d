package org.racker.runtime.logs;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.racker.RackerException;

/**
 * What a container printed, read on the host from its state directory: the persistent
 * journal of a detached booted container (readable after it stopped), else the console
 * (an app container's stdout and stderr, a booted one's boot messages).
 */
public final class ContainerLogs {
    /** The transient service a booted container's main command runs as ({@code run -d ROOT CMD}). */
    public static final String MAIN_UNIT = "racker-main";

    /**
     * Whether a container's log is its main command's output (a booted container started
     * detached with a command, as docker has it) rather than its whole journal.
     */
    public static boolean isMainCommandLog(org.racker.state.ContainerRecord record) {
        return "boot".equals(record.mode()) && record.detached() && !record.command().isEmpty() && !record.tty();
    }

    /** Whether a container's log is its console: a detached command on a terminal ({@code run -dit}). */
    public static boolean isTerminalLog(org.racker.state.ContainerRecord record) {
        return record.detached() && record.tty() && !record.command().isEmpty();
    }

    private static final String HALT_MESSAGE = "Trying to halt container. Send SIGTERM again to trigger immediate termination.";

    private final Path stateDir;

    public ContainerLogs(Path stateDir) {
        this.stateDir = stateDir;
    }

    public Path stateDirectory() {
        return stateDir;
    }

    /** Whether the container kept a journal on the host. */
    public boolean hasJournal() {
        Path journal = stateDir.resolve("journal");
        if (!Files.isDirectory(journal)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(journal)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".journal"));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The host's journalctl over the kept journal, printing to the caller's stdout. The
     * container writes that directory: journalctl would follow a symlink it put there to the
     * host's own files, so a journal holding anything but files and directories is refused.
     */
    public List<String> journalCommand(Integer tail) throws RackerException {
        return journalCommand(tail, false);
    }

    /** With {@code mainCommandOnly}: what the container's main command wrote, without the journal's decoration. */
    public List<String> journalCommand(Integer tail, boolean mainCommandOnly) throws RackerException {
        Path journal = stateDir.resolve("journal");
        try (Stream<Path> entries = Files.walk(journal)) {
            Optional<Path> odd = entries.filter(e -> !Files.isRegularFile(e, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isDirectory(e, LinkOption.NOFOLLOW_LINKS)).findFirst();
            if (odd.isPresent()) {
                throw new RackerException("the container's journal holds " + odd.get() + ", which is neither a file"
                        + " nor a directory; racker does not read it (remove the container with racker rm)");
            }
        } catch (IOException e) {
            throw new RackerException("cannot read the journal in " + journal + ": " + e.getMessage(), e);
        }
        List<String> args = new java.util.ArrayList<>(List.of("journalctl", "--directory=" + stateDir.resolve("journal"),
                "--no-pager", "--quiet"));
        args.addAll(filter(tail, mainCommandOnly));
        return args;
    }

    /**
     * journalctl's options for a container's log: all of its journal from this boot, or what
     * its main command wrote (its service's own lines, not systemd's lines about it, as
     * {@code -u} would add), message only.
     */
    public static List<String> filter(Integer tail, boolean mainCommandOnly) {
        List<String> args = new java.util.ArrayList<>();
        if (mainCommandOnly) {
            args.add("--output=cat");
            args.add("_SYSTEMD_UNIT=" + MAIN_UNIT + ".service");
        } else {
            args.add("--output=short-precise");
        }
        if (tail != null) {
            args.add("--lines=" + tail);
        }
        return args;
    }

    /**
     * Copies the console log to {@code out} (its last {@code tail} lines, if given), then,
     * while {@code running} says so, what is appended to it: a short poll, as the writer is
     * nspawn in another process tree.
     */
    public void copyConsole(OutputStream out, Integer tail, BooleanSupplier running) throws IOException, InterruptedException {
        Path console = stateDir.resolve("console.log");
        if (!Files.exists(console)) {
            return;
        }
        try (RandomAccessFile file = new RandomAccessFile(console.toFile(), "r")) {
            long position = tail == null ? 0 : copyLastLines(file, tail, out);
            StringBuilder partial = new StringBuilder();
            while (true) {
                position = copyNew(file, position, partial, out);
                if (running == null || !running.getAsBoolean()) {
                    copyNew(file, position, partial, out);
                    if (partial.length() > 0) {
                        writeLine(partial.toString(), out);
                    }
                    out.flush();
                    return;
                }
                out.flush();
                Thread.sleep(100);
            }
        }
    }

    private static long copyNew(RandomAccessFile file, long position, StringBuilder partial, OutputStream out)
            throws IOException {
        long length = file.length();
        if (length <= position) {
            return position;
        }
        byte[] bytes = new byte[(int) Math.min(length - position, 1 << 20)];
        file.seek(position);
        file.readFully(bytes);
        partial.append(new String(bytes, StandardCharsets.UTF_8));
        int nl;
        while ((nl = partial.indexOf("\n")) >= 0) {
            writeLine(partial.substring(0, nl + 1), out);
            partial.delete(0, nl + 1);
        }
        return position + bytes.length;
    }

    private static void writeLine(String line, OutputStream out) throws IOException {
        if (!isNspawnMessage(line.stripTrailing())) {
            out.write(line.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** nspawn shares an app container's stderr; its own messages are not the container's output. */
    static boolean isNspawnMessage(String line) {
        return line.equals(HALT_MESSAGE) || NspawnNoiseFilter.isNoise(line.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes the last {@code count} lines of the container's own output (nspawn's lines do
     * not count) and returns where the file ended.
     */
    private static long copyLastLines(RandomAccessFile file, int count, OutputStream out) throws IOException {
        long length = file.length();
        byte[] bytes = new byte[(int) Math.min(length, Integer.MAX_VALUE - 8)];
        file.seek(length - bytes.length);
        file.readFully(bytes);
        Deque<String> last = new ArrayDeque<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("(?<=\n)")) {
            if (!line.isEmpty() && !isNspawnMessage(line.stripTrailing()) && count > 0) {
                last.addLast(line);
                if (last.size() > count) {
                    last.removeFirst();
                }
            }
        }
        for (String line : last) {
            out.write(line.getBytes(StandardCharsets.UTF_8));
        }
        return length;
    }
}

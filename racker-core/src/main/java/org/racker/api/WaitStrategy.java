package org.racker.api;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.racker.RackerException;

/**
 * Something a container must reach before {@link Racker#start} hands it over: its boot
 * finished, a unit active, a port listening, an HTTP answer, a log line, a command that
 * succeeds. Immutable values; each has a timeout ({@link #withTimeout}) and, when it is not met,
 * {@link Racker#start} removes the container and throws a {@link WaitTimeoutException} naming
 * what was awaited and what was last seen.
 *
 * <p>Strategies are applied one after the other, in the order the configuration lists them,
 * each with its own timeout counted from when it begins. Every strategy but {@link #ready()}
 * looks again and again (first after 20 ms, then less often, at most every half second) until
 * it is met, its time is up or the container has ended.
 *
 * <pre>{@code
 * ContainerConfig.builder(Image.named("debian-bookworm"))
 *     .waitingFor(WaitStrategy.unitActive("nginx.service"),
 *                 WaitStrategy.httpStatus("http://localhost/", 200).withTimeout(Duration.ofSeconds(10)))
 * }</pre>
 */
public final class WaitStrategy {
    /** How long a strategy waits unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private static final Duration FIRST_PAUSE = Duration.ofMillis(20);
    private static final Duration LONGEST_PAUSE = Duration.ofMillis(500);
    private static final int LOG_TAIL_LINES = 30;
    private static final String LISTEN = "0A";

    /** One look at the container. */
    private interface Probe {
        Look look(WaitTarget target) throws RackerException, InterruptedException;
    }

    /** What to add to the failure message, read once when the wait failed. */
    private interface Diagnosis {
        String read(WaitTarget target) throws RackerException, InterruptedException;
    }

    private record Look(boolean met, String seen) {
        static Look met(String seen) {
            return new Look(true, seen);
        }

        static Look seen(String seen) {
            return new Look(false, seen);
        }
    }

    private final String description;
    private final boolean ready;
    /** Null for {@link #ready()} without a timeout of its own: the configuration's boot timeout. */
    private final Duration timeout;
    private final Probe probe;
    private final Diagnosis diagnosis;

    private WaitStrategy(String description, boolean ready, Duration timeout, Probe probe, Diagnosis diagnosis) {
        this.description = description;
        this.ready = ready;
        this.timeout = timeout;
        this.probe = probe;
        this.diagnosis = diagnosis;
    }

    /**
     * A booted container's systemd reported READY=1 (an app container: its command started).
     * {@link Racker#start} always waits for this; listed with {@link #withTimeout}, its timeout
     * replaces the configuration's boot timeout.
     */
    public static WaitStrategy ready() {
        return new WaitStrategy("ready", true, null, target -> Look.met("ready"), target -> "");
    }

    /**
     * {@code systemctl is-system-running} says {@code running}: every unit of the boot has
     * started and none failed. A {@code degraded} system fails the wait once the time is up,
     * naming its failed units.
     */
    public static WaitStrategy systemRunning() {
        return new WaitStrategy("system running", false, DEFAULT_TIMEOUT, target -> {
            ExecResult r = target.exec(Command.of("systemctl", "is-system-running"));
            String state = r.stdoutText().strip();
            return state.equals("running") ? Look.met(state) : Look.seen(state.isEmpty() ? failure(r) : state);
        }, target -> section("failed units", target.exec(Command.of("systemctl", "--failed", "--no-legend",
                "--plain", "--no-pager")).stdoutText()));
    }

    /** {@code systemctl is-active UNIT} says {@code active}; a failure carries the unit's status and journal. */
    public static WaitStrategy unitActive(String unit) {
        requireText(unit, "unit");
        return new WaitStrategy("unit " + unit + " active", false, DEFAULT_TIMEOUT, target -> {
            // a question to the container's systemd, asked directly: sooner than as a service
            ExecResult r = target.exec(Command.of("systemctl", "is-active", unit).withServiceManager(false));
            String state = r.stdoutText().strip();
            return state.equals("active") ? Look.met(state) : Look.seen(state.isEmpty() ? failure(r) : state);
        }, target -> section("status", target.exec(Command.of("systemctl", "status", "--no-pager", "--lines=0",
                unit)).stdoutText()) + section("journal of " + unit, target.exec(Command.of("journalctl",
                "--no-pager", "--quiet", "--lines=20", "--unit", unit)).stdoutText()));
    }

    /**
     * A TCP socket listens on {@code port} (IPv4 or IPv6, any address) in the container's
     * network. Read from the host's view of the container's init ({@code /proc/PID/net}), so
     * it needs no tools in the image; with {@link ContainerConfig.Network#HOST} the network is
     * the host's, and a host process listening there counts too.
     */
    public static WaitStrategy portListening(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("not a TCP port: " + port);
        }
        return new WaitStrategy("port " + port + " listening", false, DEFAULT_TIMEOUT, target -> {
            TreeSet<Integer> listening = listeningPorts(target.leaderPid());
            return listening.contains(port) ? Look.met("listening")
                    : Look.seen(listening.isEmpty() ? "no port listening" : "listening: " + joined(listening));
        }, target -> "");
    }

    /**
     * An HTTP GET of {@code url}, sent from inside the container (so {@code localhost} is the
     * container), answers {@code status}. Uses the image's curl when it has one, else bash's
     * {@code /dev/tcp} (plain http only).
     */
    public static WaitStrategy httpStatus(String url, int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        return http(url, "HTTP " + status + " from " + url, answered -> answered == status);
    }

    /** As {@link #httpStatus}, met by any answer but a server error (5xx). */
    public static WaitStrategy httpAnswer(String url) {
        return http(url, "an HTTP answer below 500 from " + url, answered -> answered < 500);
    }

    private static WaitStrategy http(String url, String description, java.util.function.IntPredicate accepted) {
        URI uri = URI.create(requireText(url, "url"));
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL: " + url);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        Command get = Command.of("/bin/sh", "-c", HTTP_GET, "http-get", url, loopback(uri.getHost()),
                Integer.toString(port), path);
        return new WaitStrategy(description, false, DEFAULT_TIMEOUT, target -> {
            ExecResult r = target.exec(get);
            Matcher m = HTTP_STATUS.matcher(r.stdoutText().strip());
            if (r.exitCode() == 0 && m.matches() && !m.group(1).equals("000")) {
                int answered = Integer.parseInt(m.group(1));
                return accepted.test(answered) ? Look.met("HTTP " + answered) : Look.seen("HTTP " + answered);
            }
            return Look.seen("no answer (" + failure(r) + ")");
        }, target -> "");
    }

    /**
     * A TCP connection to {@code host:port} succeeds from inside the container (so
     * {@code localhost} is the container); needs bash in the image.
     */
    public static WaitStrategy tcpConnect(String host, int port) {
        requireText(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("not a TCP port: " + port);
        }
        Command connect = Command.of("/bin/bash", "-c", "exec 3<>\"/dev/tcp/$1/$2\"", "tcp-connect", loopback(host),
                Integer.toString(port));
        return new WaitStrategy("a TCP connection to " + host + ":" + port, false, DEFAULT_TIMEOUT, target -> {
            ExecResult r = target.exec(connect);
            return r.exitCode() == 0 ? Look.met("connected") : Look.seen(r.stderrText().strip());
        }, target -> "");
    }

    /** Minimal images may lack a localhost entry in /etc/hosts. */
    private static String loopback(String host) {
        return host.equals("localhost") ? "127.0.0.1" : host;
    }

    // curl when there is one (https, redirects not followed); else an HTTP/1.0 request by hand,
    // read with a timeout so a server that accepts and never answers is one more failed look
    private static final String HTTP_GET = "if command -v curl >/dev/null 2>&1; then exec curl --silent --insecure"
            + " --max-time 2 --output /dev/null --write-out '%{http_code}' \"$1\"; fi; "
            + "command -v bash >/dev/null 2>&1 || { echo 'neither curl nor bash in the image' >&2; exit 127; }; "
            + "exec bash -c 'exec 3<>\"/dev/tcp/$1/$2\" || exit 7; "
            + "printf \"GET %s HTTP/1.0\\r\\nHost: %s\\r\\n\\r\\n\" \"$3\" \"$1\" >&3; "
            + "read -r -t 2 line <&3 && echo \"$line\"' http-get \"$2\" \"$3\" \"$4\"";
    private static final Pattern HTTP_STATUS = Pattern.compile("(?:HTTP/\\S+ )?(\\d{3})(?: .*)?");

    /**
     * A line of the container's log (a booted container's journal, an app container's output)
     * contains a match of {@code regex}.
     */
    public static WaitStrategy logLine(String regex) {
        Pattern pattern = Pattern.compile(requireText(regex, "regex"));
        return new WaitStrategy("log line matching /" + regex + "/", false, DEFAULT_TIMEOUT, target -> {
            String[] lines = target.logs().split("\n");
            for (String line : lines) {
                if (pattern.matcher(line).find()) {
                    return Look.met(line);
                }
            }
            String last = lines[lines.length - 1].strip();
            return Look.seen(last.isEmpty() ? "an empty log" : "last line \"" + last + "\"");
        }, target -> "");
    }

    /** {@code command} exits 0 in the container. */
    public static WaitStrategy commandSucceeds(Command command) {
        Objects.requireNonNull(command, "command");
        return new WaitStrategy("command \"" + command + "\" succeeding", false, DEFAULT_TIMEOUT, target -> {
            ExecResult r = target.exec(command);
            return r.exitCode() == 0 ? Look.met("exit 0") : Look.seen(failure(r));
        }, target -> "");
    }

    /** The command's arguments exit 0 in the container. */
    public static WaitStrategy commandSucceeds(String... command) {
        return commandSucceeds(Command.of(command));
    }

    /** The same wait with another timeout. */
    public WaitStrategy withTimeout(Duration value) {
        Objects.requireNonNull(value, "timeout");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("a wait's timeout must be positive: " + value);
        }
        return new WaitStrategy(description, ready, value, probe, diagnosis);
    }

    /** How long it waits; empty for {@link #ready()} without one: the configuration's boot timeout. */
    public java.util.Optional<Duration> timeout() {
        return java.util.Optional.ofNullable(timeout);
    }

    boolean isReady() {
        return ready;
    }

    /**
     * Looks until the strategy is met and returns what the last look saw (a unit's state, an
     * HTTP status); throws {@link WaitTimeoutException} once its time is up or the container
     * ended. {@link Racker#start} calls this; a test calls it on a {@link Container} to wait
     * for something it started itself.
     */
    public String await(WaitTarget target) throws RackerException, InterruptedException {
        Duration limit = timeout != null ? timeout : DEFAULT_TIMEOUT;
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        long pause = FIRST_PAUSE.toNanos();
        String seen = "";
        while (true) {
            try {
                Look look = probe.look(target);
                if (look.met()) {
                    return look.seen();
                }
                seen = look.seen();
            } catch (RackerException e) {
                seen = e.getMessage(); // one failed look (a command that could not start): look again
            }
            if (!target.isRunning()) {
                throw failure(target, "container " + target.name() + " ended while waiting for " + description
                        + "; last seen: " + orNothing(seen), seen);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw failure(target, "container " + target.name() + ": " + description + " not reached within "
                        + seconds(limit) + "; last seen: " + orNothing(seen), seen);
            }
            // polling, not a fixed wait: a look is cheap, and the pause grows so that a slow
            // service does not have a 2-core machine's CPU taken by its own checks
            java.util.concurrent.TimeUnit.NANOSECONDS.sleep(Math.min(pause, left));
            pause = Math.min(pause * 2, LONGEST_PAUSE.toNanos());
        }
    }

    private WaitTimeoutException failure(WaitTarget target, String message, String seen) throws InterruptedException {
        String details = "";
        String tail = "";
        if (target.isRunning()) {
            try {
                details = diagnosis.read(target).strip();
            } catch (RackerException e) {
                details = "";
            }
        }
        try {
            tail = tail(target.logs(), LOG_TAIL_LINES);
        } catch (RackerException e) {
            tail = ""; // no log to show: the message still says what was awaited
        }
        return new WaitTimeoutException(message, description, seen, details, tail);
    }

    /** The last {@code lines} lines of {@code text}. */
    static String tail(String text, int lines) {
        String[] all = text.strip().split("\n");
        int from = Math.max(0, all.length - lines);
        return String.join("\n", java.util.Arrays.asList(all).subList(from, all.length));
    }

    static TreeSet<Integer> listeningPorts(long leaderPid) throws RackerException {
        TreeSet<Integer> ports = new TreeSet<>();
        if (leaderPid <= 0) {
            return ports;
        }
        for (String table : List.of("tcp", "tcp6")) {
            Path file = Path.of("/proc", Long.toString(leaderPid), "net", table);
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (java.nio.file.NoSuchFileException e) {
                continue; // no IPv6 in this kernel, or the container just ended
            } catch (IOException e) {
                throw new RackerException("cannot read " + file + ": " + e.getMessage(), e);
            }
            ports.addAll(listeningIn(lines));
        }
        return ports;
    }

    /** The local ports in LISTEN state in a /proc/net/tcp(6) table (header line first). */
    static List<Integer> listeningIn(List<String> table) {
        List<Integer> ports = new ArrayList<>();
        for (String line : table.subList(Math.min(1, table.size()), table.size())) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 3 && fields[3].equals(LISTEN)) {
                String local = fields[1];
                ports.add(Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16));
            }
        }
        return ports;
    }

    private static String failure(ExecResult r) {
        String err = r.stderrText().strip();
        int nl = err.lastIndexOf('\n');
        return "exit " + r.exitCode() + (err.isEmpty() ? "" : ": " + err.substring(nl + 1));
    }

    private static String section(String title, String text) {
        return text.isBlank() ? "" : "--- " + title + "\n" + text.strip() + "\n";
    }

    private static String joined(TreeSet<Integer> ports) {
        StringBuilder s = new StringBuilder();
        for (int p : ports) {
            s.append(s.length() == 0 ? "" : ", ").append(p);
        }
        return s.toString();
    }

    private static String orNothing(String seen) {
        return seen == null || seen.isBlank() ? "nothing" : seen;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String requireText(String value, String what) {
        if (Objects.requireNonNull(value, what).isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return value;
    }

    /** What is awaited, such as {@code unit nginx.service active}. */
    @Override
    public String toString() {
        return description + (timeout == null ? "" : " (" + seconds(timeout) + ")");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WaitStrategy w && description.equals(w.description) && ready == w.ready
                && Objects.equals(timeout, w.timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(description, ready, timeout);
    }
}

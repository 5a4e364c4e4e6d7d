package org.racker.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * A fake for faults only: an HTTP/1.1 proxy on loopback that forwards every request to a real
 * registry ({@link LocalRegistry}) unchanged, except the few it was told to spoil, because a
 * real registry cannot be made to fail on demand:
 * <ul>
 *   <li>{@link #failNext}: answer N matching requests with a status (500, 503, ...);</li>
 *   <li>{@link #dropNext}: forward the answer's head and the first bytes of its body, then
 *       reset the connection (a connection dropped mid-blob);</li>
 *   <li>{@link #ignoreRangeNext}: strip the Range header, as a server without range support;</li>
 *   <li>{@link #redirectNext}: answer 307 to a second listener on 127.0.0.2 standing for blob
 *       storage (a CDN, S3), which forwards to the registry with its own "pre-signed"
 *       credentials and records what the client sent it.</li>
 * </ul>
 * Every request is recorded, headers included, for assertions. One request per connection:
 * each answer carries {@code Connection: close}.
 */
public final class FaultInjectingProxy implements AutoCloseable {
    /** A request as it arrived; {@code listener} is "registry" or "storage", header names lower case. */
    public record RecordedRequest(String listener, String method, String target, Map<String, String> headers) {
    }

    private enum Action { FAIL, DROP, IGNORE_RANGE, REDIRECT }

    private static final class Rule {
        final Pattern path;
        final Action action;
        final long value;
        int remaining;

        Rule(Pattern path, Action action, long value, int times) {
            this.path = path;
            this.action = action;
            this.value = value;
            this.remaining = times;
        }
    }

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "upgrade", "http2-settings",
            "proxy-connection", "te");

    private final int upstreamPort;
    private final ServerSocket front;
    private final ServerSocket storage;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-injecting-proxy");
        t.setDaemon(true);
        return t;
    });
    private final List<Rule> rules = new ArrayList<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private volatile String storageQuery = "";
    private volatile String redirectLocation;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile String storageAuthorization;
    private volatile boolean closed;

    private FaultInjectingProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.front = new ServerSocket();
        front.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        this.storage = new ServerSocket();
        storage.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
        threads.execute(() -> acceptLoop(front, "registry"));
        threads.execute(() -> acceptLoop(storage, "storage"));
    }

    /** A proxy in front of the registry listening on 127.0.0.1:{@code upstreamPort}. */
    public static FaultInjectingProxy start(int upstreamPort) throws IOException {
        return new FaultInjectingProxy(upstreamPort);
    }

    /** "127.0.0.1:PORT", to use as the registry in references. */
    public String hostPort() {
        return "127.0.0.1:" + front.getLocalPort();
    }

    /** The next {@code times} requests whose path matches {@code pathRegex} get {@code status}. */
    public synchronized FaultInjectingProxy failNext(String pathRegex, int times, int status) {
        rules.add(new Rule(Pattern.compile(pathRegex), Action.FAIL, status, times));
        return this;
    }

    /** The next matching request gets its answer cut after {@code bodyBytes} bytes of body. */
    public synchronized FaultInjectingProxy dropNext(String pathRegex, long bodyBytes) {
        rules.add(new Rule(Pattern.compile(pathRegex), Action.DROP, bodyBytes, 1));
        return this;
    }

    /** The next {@code times} matching requests lose their Range header. */
    public synchronized FaultInjectingProxy ignoreRangeNext(String pathRegex, int times) {
        rules.add(new Rule(Pattern.compile(pathRegex), Action.IGNORE_RANGE, 0, times));
        return this;
    }

    /**
     * The next {@code times} matching requests are redirected to the storage listener, which
     * forwards them upstream with {@code storageAuthorization} (null: none) instead of the
     * client's Authorization.
     */
    public synchronized FaultInjectingProxy redirectNext(String pathRegex, int times, String storageAuthorization) {
        this.storageAuthorization = storageAuthorization;
        rules.add(new Rule(Pattern.compile(pathRegex), Action.REDIRECT, 0, times));
        return this;
    }

    /**
     * As {@link #redirectNext(String, int, String)}, to a "pre-signed" storage URL: the
     * Location carries {@code query} (e.g. X-Amz-Signature=...) as S3's do.
     */
    public synchronized FaultInjectingProxy redirectNextSigned(String pathRegex, int times, String storageAuthorization,
            String query) {
        this.storageQuery = query;
        return redirectNext(pathRegex, times, storageAuthorization);
    }

    /** The next {@code times} matching requests are answered 307 to {@code location} verbatim (file:///..., say). */
    public synchronized FaultInjectingProxy redirectNextTo(String pathRegex, int times, String location) {
        this.redirectLocation = location;
        rules.add(new Rule(Pattern.compile(pathRegex), Action.REDIRECT, 0, times));
        return this;
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Forgets the requests recorded so far. */
    public void clearRequests() {
        requests.clear();
    }

    /** Whether every fault set up has been used. */
    public synchronized boolean allFaultsUsed() {
        return rules.stream().allMatch(r -> r.remaining == 0);
    }

    private synchronized Rule take(String listener, String path) {
        if (!listener.equals("registry")) {
            return null;
        }
        for (Rule rule : rules) {
            if (rule.remaining > 0 && rule.path.matcher(path).find()) {
                rule.remaining--;
                return rule;
            }
        }
        return null;
    }

    private void acceptLoop(ServerSocket server, String listener) {
        while (!closed) {
            try {
                Socket client = server.accept();
                open.add(client);
                threads.execute(() -> {
                    try (client) {
                        serve(client, listener);
                    } catch (IOException e) {
                        // the client went away, or we dropped it on purpose
                    } finally {
                        open.remove(client);
                    }
                });
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client, String listener) throws IOException {
        InputStream in = client.getInputStream();
        OutputStream out = client.getOutputStream();
        List<String> head = readHead(in);
        if (head.isEmpty()) {
            return;
        }
        String[] requestLine = head.get(0).split(" ", 3);
        String method = requestLine[0];
        String target = requestLine.length > 1 ? requestLine[1] : "/";
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : head.subList(1, head.size())) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        requests.add(new RecordedRequest(listener, method, target, Map.copyOf(headers)));
        byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));

        Rule rule = take(listener, target);
        if (rule != null && rule.action == Action.FAIL) {
            String status = rule.value + " Injected Fault";
            byte[] error = "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"injected fault\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + error.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(error);
            out.flush();
            return;
        }
        if (rule != null && rule.action == Action.REDIRECT) {
            String location = redirectLocation != null ? redirectLocation
                    : "http://127.0.0.2:" + storage.getLocalPort() + target
                            + (storageQuery.isEmpty() ? "" : (target.contains("?") ? "&" : "?") + storageQuery);
            out.write(("HTTP/1.1 307 Temporary Redirect\r\nLocation: " + location
                    + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return;
        }

        StringBuilder forwarded = new StringBuilder(head.get(0)).append("\r\n");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String name = h.getKey();
            if (HOP_BY_HOP.contains(name) || (rule != null && rule.action == Action.IGNORE_RANGE && name.equals("range"))
                    || (listener.equals("storage") && name.equals("authorization"))) {
                continue;
            }
            forwarded.append(name).append(": ").append(h.getValue()).append("\r\n");
        }
        if (listener.equals("storage") && storageAuthorization != null) {
            forwarded.append("authorization: ").append(storageAuthorization).append("\r\n");
        }
        forwarded.append("connection: close\r\n\r\n");

        try (Socket upstream = new Socket(InetAddress.getByName("127.0.0.1"), upstreamPort)) {
            OutputStream up = upstream.getOutputStream();
            up.write(forwarded.toString().getBytes(StandardCharsets.ISO_8859_1));
            up.write(body);
            up.flush();
            InputStream down = upstream.getInputStream();
            List<String> responseHead = readHead(down);
            StringBuilder response = new StringBuilder();
            for (int i = 0; i < responseHead.size(); i++) {
                String line = responseHead.get(i);
                int colon = line.indexOf(':');
                if (i > 0 && colon > 0 && HOP_BY_HOP.contains(line.substring(0, colon).trim().toLowerCase(Locale.ROOT))) {
                    continue;
                }
                response.append(line).append("\r\n");
            }
            response.append("Connection: close\r\n\r\n");
            out.write(response.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (rule != null && rule.action == Action.DROP) {
                out.write(down.readNBytes((int) rule.value));
                out.flush();
                client.setSoLinger(true, 0); // reset, not a clean end
                return;
            }
            down.transferTo(out);
            out.flush();
        }
    }

    /** The request or status line and header lines, up to the empty line; empty at EOF. */
    private static List<String> readHead(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return List.of();
            }
            buffer.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
            if (buffer.size() > 64 * 1024) {
                throw new IOException("head too large");
            }
        }
        String text = buffer.toString(StandardCharsets.ISO_8859_1);
        return List.of(text.substring(0, text.length() - 4).split("\r\n"));
    }

    @Override
    public void close() {
        closed = true;
        try {
            front.close();
            storage.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        threads.shutdownNow();
    }
}

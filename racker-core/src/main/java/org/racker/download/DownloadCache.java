package org.racker.download;

import org.racker.fs.AtomicFiles;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.racker.RackerException;
import org.racker.EventLog;

/**
 * Files fetched over http(s), cached on the host by URL: an unchanged file (the server
 * answers 304 to If-None-Match / If-Modified-Since) is not downloaded again, and an
 * interrupted download resumes with a Range request where the server allows it.
 */
public final class DownloadCache {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final Path dir;
    private final EventLog log;
    private HttpClient http;

    public DownloadCache(Path dir, EventLog log) {
        this.dir = dir;
        this.log = log;
    }

    /** Made on first use: building an HttpClient costs a cold JVM a fifth of a second. */
    private synchronized HttpClient http() {
        if (http == null) {
            // one client for both schemes: a download may be redirected from http to https
            http = HttpClients.create(HttpClient.Redirect.NORMAL, Duration.ofSeconds(30), null);
        }
        return http;
    }

    /** What the cache knows of a file: where it came from and how to ask whether it changed. */
    record Entry(String url, String etag, String lastModified, long size, String sha256) { }

    /** The file behind {@code url}, downloaded or revalidated now. */
    public Download fetch(String url) throws RackerException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new DownloadException("invalid URL " + url + ": " + e.getMessage());
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new DownloadException("cannot download " + url + ": only http and https URLs are supported");
        }
        String key = sha256Hex(url.getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve(key);
        Path meta = dir.resolve(key + ".json");
        Path partial = dir.resolve(key + ".partial");
        try {
            Files.createDirectories(dir);
            Optional<Entry> cached = Files.isRegularFile(file) && Files.isRegularFile(meta)
                    ? Optional.of(JSON.readValue(meta.toFile(), Entry.class)) : Optional.empty();
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).GET();
            long resumeFrom = 0;
            if (cached.isPresent()) {
                if (cached.get().etag() != null) {
                    request.header("If-None-Match", cached.get().etag());
                }
                if (cached.get().lastModified() != null) {
                    request.header("If-Modified-Since", cached.get().lastModified());
                }
            } else if (Files.isRegularFile(partial) && Files.size(partial) > 0) {
                resumeFrom = Files.size(partial);
                request.header("Range", "bytes=" + resumeFrom + "-");
            }
            HttpResponse<InputStream> response = http().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            if (status == 304 && cached.isPresent()) {
                response.body().close();
                log.info("using the cached " + url + " (unchanged)");
                return new Download(url, file, cached.get().sha256(), true);
            }
            if (status != 200 && status != 206) {
                response.body().close();
                throw new DownloadException("cannot download " + url + ": the server answered HTTP " + status);
            }
            boolean append = status == 206 && resumeFrom > 0;
            if (append) {
                log.info("resuming " + url + " at byte " + resumeFrom);
            }
            try (InputStream in = response.body();
                 OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                         append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                in.transferTo(out);
            }
            String sha256 = sha256Hex(partial);
            AtomicFiles.moveIntoPlace(partial, file);
            Entry entry = new Entry(url, response.headers().firstValue("ETag").orElse(null),
                    response.headers().firstValue("Last-Modified").orElse(null), Files.size(file), sha256);
            AtomicFiles.write(meta, JSON.writeValueAsBytes(entry));
            return new Download(url, file, sha256, false);
        } catch (java.net.ConnectException e) {
            throw new DownloadException("cannot download " + url + ": connection refused");
        } catch (IOException e) {
            throw new DownloadException("cannot download " + url + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadException("downloading " + url + " was interrupted");
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256Hex(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                md.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file in the cache. */
    public record Download(String url, Path file, String sha256, boolean reused) { }
}

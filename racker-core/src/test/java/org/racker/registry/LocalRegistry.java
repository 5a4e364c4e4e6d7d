package org.racker.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.racker.image.Digest;

/**
 * A real registry for tests: Debian's {@code docker-registry} (distribution 2.x) on 127.0.0.1
 * with a free port and its own storage directory, optionally behind htpasswd (Basic) or token
 * (Bearer) auth, seeded with {@code skopeo copy} from OCI layouts. {@link #close()} stops the
 * process and waits for it; use with try-with-resources or {@code @AfterAll}.
 *
 * <pre>
 * try (LocalRegistry registry = LocalRegistry.builder(tmp).start()) {
 *     registry.seed(layout.dir(), "v1", "team/app:v1");
 *     ... ImageReference.parse(registry.hostPort() + "/team/app:v1") ...
 * }
 * </pre>
 */
public final class LocalRegistry implements AutoCloseable {
    /** The user and password of {@link Builder#basicAuth()}. */
    public static final String USER = "racker";
    public static final String PASSWORD = "racker-secret";
    /** bcrypt (cost 5) of PASSWORD: distribution's htpasswd backend reads bcrypt only. */
    private static final String USER_HTPASSWD = USER + ":$2b$05$rCyOY/mBCu4QS6sUoM9q0.5ADwmWLq0rJocLpTQ8Untwr5Thku5s.";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final int port;
    private final Path storage;
    private final Path logFile;
    private final String seedCredentials;
    private final boolean tls;
    private final Thread shutdownHook;

    private LocalRegistry(Process process, int port, Path storage, Path logFile, String seedCredentials, boolean tls) {
        this.process = process;
        this.tls = tls;
        this.port = port;
        this.storage = storage;
        this.logFile = logFile;
        this.seedCredentials = seedCredentials;
        this.shutdownHook = new Thread(process::destroyForcibly, "stop docker-registry " + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A registry keeping its config, storage and log under {@code workDir}. */
    public static Builder builder(Path workDir) {
        return new Builder(workDir);
    }

    /** "127.0.0.1:PORT", the registry part of image references to it. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /**
     * "[::ffff:127.0.0.1]:PORT": the same loopback address written so that racker does not
     * recognise it as this machine, so requests to it take the path of a remote registry
     * (HTTPS first, the rules for credentials) while no packet leaves loopback.
     */
    public String remoteLookingHostPort() {
        return "[::ffff:127.0.0.1]:" + port;
    }

    /** Whether it serves HTTPS (with a self-signed certificate) instead of plain HTTP. */
    public boolean tls() {
        return tls;
    }


    /** The registry's storage root (docker/registry/v2/... below it). */
    public Path storageDir() {
        return storage;
    }

    /** Where the registry keeps a blob's bytes, for tests that tamper with them. */
    public Path blobDataPath(Digest digest) {
        return storage.resolve("docker/registry/v2/blobs").resolve(digest.algorithm())
                .resolve(digest.hex().substring(0, 2)).resolve(digest.hex()).resolve("data");
    }

    /** Pushes {@code layoutTag} of the OCI layout as {@code repositoryAndTag}, every platform of an index. */
    public void seed(Path layout, String layoutTag, String repositoryAndTag) {
        seed(layout, layoutTag, repositoryAndTag, false);
    }

    /**
     * As {@link #seed(Path, String, String)}; {@code dockerSchema2} converts to Docker's media
     * types (manifest list and schema 2) on the way, as images from Docker Hub come.
     */
    public void seed(Path layout, String layoutTag, String repositoryAndTag, boolean dockerSchema2) {
        List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy", "copy", "--all", "--quiet",
                "--dest-tls-verify=false"));
        if (seedCredentials != null) {
            command.add("--dest-creds=" + seedCredentials);
        }
        if (dockerSchema2) {
            command.add("--format=v2s2");
        }
        command.add("oci:" + layout + ":" + layoutTag);
        command.add("docker://" + hostPort() + "/" + repositoryAndTag);
        run(command, "seeding " + repositoryAndTag);
    }

    private static void run(List<String> command, String what) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(what + " failed: " + String.join(" ", command) + "\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(what + ": cannot run " + command.get(0)
                    + " (apt-get install -y docker-registry skopeo)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted", e);
        }
    }

    /** The registry's own log, for failure messages. */
    public String log() {
        try {
            return Files.readString(logFile);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the registry and waits until the process is gone. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
    }

    /** Options of a {@link LocalRegistry}. */
    public static final class Builder {
        private final Path workDir;
        private String auth = "";
        private String seedCredentials;
        private String tlsConfig = "";

        private Builder(Path workDir) {
            this.workDir = workDir;
        }

        /** htpasswd auth: Basic challenges, {@link #USER}/{@link #PASSWORD} accepted. */
        public Builder basicAuth() {
            Path htpasswd = workDir.resolve("htpasswd");
            try {
                Files.createDirectories(workDir);
                Files.writeString(htpasswd, USER_HTPASSWD + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            auth = "auth:\n  htpasswd:\n    realm: racker-test\n    path: " + htpasswd + "\n";
            seedCredentials = USER + ":" + PASSWORD;
            return this;
        }

        /**
         * Token auth: Bearer challenges naming {@code realm}, tokens verified against the
         * certificate {@code rootCertBundle} (PEM) and {@code issuer}/{@code service}. Seeding
         * sends {@link #USER}/{@link #PASSWORD} to the token server.
         */
        public Builder tokenAuth(String realm, String service, String issuer, Path rootCertBundle) {
            auth = "auth:\n  token:\n    realm: " + realm + "\n    service: " + service + "\n    issuer: " + issuer
                    + "\n    rootcertbundle: " + rootCertBundle + "\n";
            seedCredentials = USER + ":" + PASSWORD;
            return this;
        }

        /**
         * HTTPS with a self-signed certificate for 127.0.0.1 (made here with openssl), as a
         * registry on the internet that a user reaches with {@code --tls-verify=false}.
         */
        public Builder tls() {
            Path cert = workDir.resolve("tls-cert.pem");
            Path key = workDir.resolve("tls-key.pem");
            try {
                Files.createDirectories(workDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            LocalRegistry.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-keyout", key.toString(), "-out", cert.toString(), "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"), "making the registry's TLS certificate");
            tlsConfig = "  tls:\n    certificate: " + cert + "\n    key: " + key + "\n";
            return this;
        }

        /** Starts the registry and returns once it answers HTTP on its port. */
        public LocalRegistry start() {
            IllegalStateException last = null;
            for (int i = 0; i < 3; i++) {
                try {
                    return tryStart(freePort());
                } catch (IllegalStateException e) {
                    if (e.getMessage() == null || !e.getMessage().contains("address already in use")) {
                        throw e;
                    }
                    last = e; // lost the port to someone else between probe and bind: try another
                }
            }
            throw last;
        }

        private LocalRegistry tryStart(int port) {
            Path storage = workDir.resolve("storage");
            Path config = workDir.resolve("config.yml");
            Path log = workDir.resolve("registry.log");
            try {
                Files.createDirectories(storage);
                Files.writeString(config, "version: 0.1\n"
                        + "log:\n  level: info\n  accesslog:\n    disabled: false\n"
                        + "storage:\n  filesystem:\n    rootdirectory: " + storage + "\n  delete:\n    enabled: true\n"
                        + "http:\n  addr: 127.0.0.1:" + port + "\n  secret: racker-test-secret\n"
                        + tlsConfig + auth);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Process process;
            try {
                process = new ProcessBuilder("docker-registry", "serve", config.toString())
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot run docker-registry (apt-get install -y docker-registry skopeo)", e);
            }
            LocalRegistry registry = new LocalRegistry(process, port, storage, log, seedCredentials, !tlsConfig.isEmpty());
            try {
                awaitHttp(registry, process, port);
            } catch (RuntimeException e) {
                registry.close();
                throw e;
            }
            return registry;
        }

        /**
         * Polls GET /v2/ until the registry answers (200, or 401 with auth); over HTTPS when it
         * serves TLS.
         */
        private static void awaitHttp(LocalRegistry registry, Process process, int port) {
            HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
            if (registry.tls) {
                builder.sslContext(trustingTls());
            }
            HttpClient client = builder.build();
            HttpRequest ping = HttpRequest.newBuilder(URI.create((registry.tls ? "https" : "http")
                            + "://127.0.0.1:" + port + "/v2/"))
                    .version(HttpClient.Version.HTTP_1_1).timeout(Duration.ofSeconds(2)).build();
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("docker-registry exited with " + process.exitValue()
                            + " on port " + port + ":\n" + registry.log());
                }
                try {
                    int status = client.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 200 || status == 401) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while starting docker-registry", e);
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("docker-registry did not answer on port " + port + " within "
                            + START_TIMEOUT.toSeconds() + " s:\n" + registry.log());
                }
                try {
                    process.waitFor(50, TimeUnit.MILLISECONDS); // returns early if it dies
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while starting docker-registry", e);
                }
            }
        }

        /** Trusts the self-signed certificate of {@link #tls()}: only for the start-up poll. */
        private static javax.net.ssl.SSLContext trustingTls() {
            javax.net.ssl.TrustManager trustAll = new javax.net.ssl.X509TrustManager() {
                @Override
                public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) { }

                @Override
                public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) { }

                @Override
                public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                    return new java.security.cert.X509Certificate[0];
                }
            };
            try {
                javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
                context.init(null, new javax.net.ssl.TrustManager[] {trustAll}, null);
                return context;
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

package org.racker.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The token issuer of the registry token auth spec
 * (https://distribution.github.io/distribution/spec/auth/token/), for tests: distribution
 * ships the verifying side only, so tests stand this up beside a {@link LocalRegistry} in token
 * mode, which verifies every token it issues (RS256 JWTs with the certificate in x5c, trusted
 * through the registry's rootcertbundle). Anonymous callers get pull on repositories under
 * {@code public/}; {@link LocalRegistry#USER} gets everything asked for; wrong credentials 401.
 */
public final class TokenServer implements AutoCloseable {
    public static final String SERVICE = "racker-test-registry";
    public static final String ISSUER = "racker-test-issuer";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final PrivateKey key;
    private final String certificateDer;
    private final Path certificatePem;
    private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();

    private TokenServer(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path keyPem = dir.resolve("token-key.pem");
        certificatePem = dir.resolve("token-cert.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", keyPem.toString(), "-out", certificatePem.toString(), "-days", "2",
                "-subj", "/CN=racker-test-token-issuer").redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes());
        if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
            throw new IOException("openssl could not make the token signing certificate:\n" + output);
        }
        try {
            key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pemBody(keyPem)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot read " + keyPem, e);
        }
        certificateDer = Base64.getEncoder().encodeToString(pemBody(certificatePem));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/token", this::issue);
        server.start();
    }

    /** Makes a signing key and certificate under {@code dir} and listens on 127.0.0.1. */
    public static TokenServer start(Path dir) throws IOException, InterruptedException {
        return new TokenServer(dir);
    }

    public String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    /** The certificate the registry must trust (its auth.token.rootcertbundle). */
    public Path certificate() {
        return certificatePem;
    }

    /** The query parameters of each token request, plus "authorization": "basic" or "none". */
    public List<Map<String, String>> requests() {
        return List.copyOf(requests);
    }

    private void issue(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> query = new LinkedHashMap<>();
            List<String> scopes = new ArrayList<>();
            String raw = exchange.getRequestURI().getRawQuery();
            for (String pair : raw == null ? new String[0] : raw.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (name.equals("scope")) {
                    scopes.add(value);
                }
                query.merge(name, value, (a, b) -> a + " " + b);
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String user = null;
            if (authorization != null && authorization.startsWith("Basic ")) {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
                if (!decoded.equals(LocalRegistry.USER + ":" + LocalRegistry.PASSWORD)) {
                    query.put("authorization", "refused");
                    requests.add(query);
                    send(exchange, 401, "{\"details\":\"wrong user or password\"}");
                    return;
                }
                user = LocalRegistry.USER;
            }
            query.put("authorization", user == null ? "none" : "basic");
            requests.add(query);
            List<Map<String, Object>> access = new ArrayList<>();
            for (String scope : scopes) {
                String[] parts = scope.split(":");
                if (parts.length != 3 || !parts[0].equals("repository")) {
                    continue;
                }
                List<String> actions = new ArrayList<>();
                for (String action : parts[2].split(",")) {
                    if (user != null || (action.equals("pull") && parts[1].startsWith("public/"))) {
                        actions.add(action);
                    }
                }
                access.add(Map.of("type", "repository", "name", parts[1], "actions", actions));
            }
            long now = Instant.now().getEpochSecond();
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("iss", ISSUER);
            claims.put("sub", user == null ? "" : user);
            claims.put("aud", SERVICE);
            claims.put("exp", now + 300);
            claims.put("nbf", now - 10);
            claims.put("iat", now);
            claims.put("jti", UUID.randomUUID().toString());
            claims.put("access", access);
            String token = jwt(claims);
            send(exchange, 200, JSON.writeValueAsString(Map.of("token", token, "expires_in", 300)));
        } catch (RuntimeException e) {
            send(exchange, 500, "{}");
        }
    }

    private String jwt(Map<String, Object> claims) throws IOException {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String header = url.encodeToString(JSON.writeValueAsBytes(Map.of("typ", "JWT", "alg", "RS256",
                "x5c", List.of(certificateDer))));
        String payload = url.encodeToString(JSON.writeValueAsBytes(claims));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + url.encodeToString(rsa.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static byte[] pemBody(Path pem) throws IOException {
        String text = Files.readString(pem);
        String body = text.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

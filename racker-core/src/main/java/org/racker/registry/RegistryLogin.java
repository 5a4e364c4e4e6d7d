package org.racker.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.racker.image.ImageReference;

/**
 * {@code racker login / logout}: checks credentials against a registry's /v2/ endpoint (Basic,
 * or a bearer token from the challenge's realm, as docker login does) and keeps them in the
 * containers-auth.json(5) file racker reads, readable by its owner only.
 */
public final class RegistryLogin {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    /** Where credentials are written: $REGISTRY_AUTH_FILE, else the first file racker reads. */
    public static Path defaultAuthFile() {
        return CredentialStore.defaultLocations(System.getenv(), Path.of(System.getProperty("user.home"))).get(0);
    }

    /** The registry host racker keys credentials by ({@code docker.io} for Docker Hub). */
    public static String normalise(String registry) {
        String r = registry.replaceFirst("^https?://", "").replaceFirst("/.*$", "");
        return r.equals("index.docker.io") || r.equals("registry-1.docker.io") ? ImageReference.DOCKER_HUB : r;
    }

    /** Throws {@link RegistryUnauthorizedException} when the registry refuses the credentials. */
    public void check(String registry, String username, String password, boolean tlsVerify) throws RegistryException {
        RegistryEndpoint endpoint = new RegistryEndpoint(registry, "", !tlsVerify, false);
        String scheme = endpoint.isLoopback() || !tlsVerify ? "http" : "https";
        URI ping = URI.create(scheme + "://" + endpoint.apiHost() + "/v2/");
        String basic = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        String action = "logging in to " + registry;
        try {
            HttpResponse<Void> first = http.send(HttpRequest.newBuilder(ping).GET().build(), HttpResponse.BodyHandlers.discarding());
            if (first.statusCode() == 200) {
                return; // the registry asks for no credentials at all
            }
            if (first.statusCode() != 401) {
                throw new RegistryException(action + ": " + ping + " answered HTTP " + first.statusCode());
            }
            List<AuthChallenge> challenges = AuthChallenge.parseAll(first.headers().allValues("WWW-Authenticate"));
            for (AuthChallenge c : challenges) {
                if (c.scheme().equals("bearer") && c.param("realm") != null) {
                    StringBuilder url = new StringBuilder(c.param("realm")).append("?account=")
                            .append(URLEncoder.encode(username, StandardCharsets.UTF_8));
                    if (c.param("service") != null) {
                        url.append("&service=").append(URLEncoder.encode(c.param("service"), StandardCharsets.UTF_8));
                    }
                    HttpResponse<Void> token = http.send(HttpRequest.newBuilder(URI.create(url.toString()))
                            .header("Authorization", basic).GET().build(), HttpResponse.BodyHandlers.discarding());
                    verdict(token.statusCode(), action);
                    return;
                }
            }
            HttpResponse<Void> second = http.send(HttpRequest.newBuilder(ping).header("Authorization", basic).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            verdict(second.statusCode(), action);
        } catch (IOException e) {
            throw new RegistryException(action + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(action + " was interrupted", e);
        }
    }

    private static void verdict(int status, String action) throws RegistryException {
        if (status == 401 || status == 403) {
            throw new RegistryUnauthorizedException(action + ": the registry refused the username or password", true);
        }
        if (status != 200) {
            throw new RegistryException(action + ": the registry answered HTTP " + status);
        }
    }

    /** Adds or replaces the registry's entry in {@code file}, keeping every other entry. */
    public void store(Path file, String registry, String username, String password) throws IOException {
        ObjectNode root = read(file);
        ObjectNode auths = root.has("auths") && root.get("auths").isObject() ? (ObjectNode) root.get("auths") : root.putObject("auths");
        auths.putObject(registry).put("auth", Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
        write(file, root);
    }

    /** Removes the registry's entry; returns whether there was one. */
    public boolean remove(Path file, String registry) throws IOException {
        ObjectNode root = read(file);
        if (!root.has("auths") || !root.get("auths").has(registry)) {
            return false;
        }
        ((ObjectNode) root.get("auths")).remove(registry);
        write(file, root);
        return true;
    }

    private static ObjectNode read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return JSON.createObjectNode();
        }
        var node = JSON.readTree(file.toFile());
        if (!(node instanceof ObjectNode object)) {
            throw new IOException(file + " is not a JSON object");
        }
        return object;
    }

    private static void write(Path file, ObjectNode root) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".auth", ".json",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, JSON.writeValueAsString(root) + "\n");
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

package org.racker.registry;

import org.racker.fs.AtomicFiles;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.racker.image.ImageReference;
import org.racker.image.json.ImageJson;
import org.racker.EventLog;

/**
 * {@code racker login / logout}: checks credentials against a registry's /v2/ endpoint (Basic,
 * or a bearer token from the challenge's realm, as docker login does) and keeps them in the
 * containers-auth.json(5) file racker reads, readable by its owner only.
 *
 * <p>The check goes through the {@link RegistryTransport} pulls use, so a login follows the
 * same rules as the pull it prepares: HTTPS first (plain HTTP only on loopback, or where a
 * registry marked insecure or {@code --tls-verify=false} gets no HTTPS answer), registries.conf's
 * {@code insecure}, retries, redirects, and no credentials to a plain-HTTP token realm of an
 * HTTPS registry.
 */
public final class RegistryLogin {
    private final RegistriesConfig registriesConfig;
    private final RetryPolicy retryPolicy;
    private final EventLog log;

    /** {@code registriesConfig} says which registries are insecure; {@code log} gets the requests at debug. */
    public RegistryLogin(RegistriesConfig registriesConfig, RetryPolicy retryPolicy, EventLog log) {
        this.registriesConfig = Objects.requireNonNull(registriesConfig);
        this.retryPolicy = Objects.requireNonNull(retryPolicy);
        this.log = Objects.requireNonNull(log);
    }

    /** Where credentials are written: $REGISTRY_AUTH_FILE, else the first file racker reads. */
    public static Path defaultAuthFile() {
        return CredentialStore.defaultLocations(System.getenv(), Path.of(System.getProperty("user.home"))).get(0);
    }

    /** The registry host racker keys credentials by ({@code docker.io} for Docker Hub). */
    public static String normalise(String registry) {
        String r = registry.replaceFirst("^https?://", "").replaceFirst("/.*$", "");
        return r.equals("index.docker.io") || r.equals("registry-1.docker.io") ? ImageReference.DOCKER_HUB : r;
    }

    /**
     * Checks the credentials with the registry; {@code tlsVerify} false is
     * {@code --tls-verify=false}: certificates are not checked, and plain HTTP is tried where
     * HTTPS does not answer.
     *
     * @throws RegistryUnauthorizedException when the registry refuses the credentials
     */
    public void check(String registry, String username, String password, boolean tlsVerify) throws RegistryException {
        RegistryTransport transport = new RegistryTransport(CredentialStore.none(), retryPolicy, tlsVerify, log,
                RegistryTransport.USER_AGENT, Duration.ofSeconds(30), Duration.ofMinutes(1));
        Ping ping = new Ping(registry, Credentials.of(username, password, null));
        try {
            transport.call(registriesConfig.loginEndpoint(registry), ping);
        } catch (RegistryUnauthorizedException e) {
            // The transport's words are for pulls ("log in again"); a login has one thing to say.
            throw new RegistryUnauthorizedException(ping.action() + ": the registry refused the username or password",
                    true);
        }
    }

    /** GET /v2/ with the user's credentials: 200 once they are accepted. */
    private static final class Ping implements EndpointCall<Void> {
        private final String registry;
        private final Credentials credentials;

        Ping(String registry, Credentials credentials) {
            this.registry = registry;
            this.credentials = credentials;
        }

        @Override
        public String action() {
            return "logging in to " + registry;
        }

        @Override
        public String path(RegistryEndpoint endpoint) {
            return "/v2/";
        }

        @Override
        public List<String> accept() {
            return List.of();
        }

        @Override
        public Optional<Credentials> credentials() {
            return Optional.of(credentials);
        }

        @Override
        public Void handle(HttpResponse<InputStream> response, String from) {
            return null;
        }

        @Override
        public RegistryException notFound(String from, String registryError) {
            return new RegistryException(action() + " " + from + ": there is no registry API (/v2/ answered 404)");
        }
    }

    /**
     * Adds or replaces the registry's entry in {@code file}, keeping every other entry.
     *
     * @throws MalformedAuthFileException naming the file and where, never its content
     */
    public static void store(Path file, String registry, String username, String password)
            throws IOException, RegistryException {
        ObjectNode root = read(file);
        ObjectNode auths = root.has("auths") && root.get("auths").isObject() ? (ObjectNode) root.get("auths") : root.putObject("auths");
        auths.putObject(registry).put("auth", Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
        write(file, root);
    }

    /** Removes the registry's entry; returns whether there was one. */
    public static boolean remove(Path file, String registry) throws IOException, RegistryException {
        ObjectNode root = read(file);
        if (!root.has("auths") || !root.get("auths").has(registry)) {
            return false;
        }
        ((ObjectNode) root.get("auths")).remove(registry);
        write(file, root);
        return true;
    }

    private static ObjectNode read(Path file) throws IOException, RegistryException {
        try {
            return AuthFileJson.parse(file, Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return ImageJson.mapper().createObjectNode();
        }
    }

    private static void write(Path file, ObjectNode root) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] json = (ImageJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        AtomicFiles.write(file.toAbsolutePath(), json, PosixFilePermissions.fromString("rw-------"));
    }
}

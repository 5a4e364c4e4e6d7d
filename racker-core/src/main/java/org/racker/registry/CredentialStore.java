package org.racker.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Registry credentials from the files podman, skopeo and docker write, in the order
 * containers-auth.json(5) reads them
 * (https://github.com/containers/image/blob/main/docs/containers-auth.json.5.md):
 * {@code $REGISTRY_AUTH_FILE} or {@code $XDG_RUNTIME_DIR/containers/auth.json}, then
 * {@code $XDG_CONFIG_HOME/containers/auth.json}, then docker's {@code $DOCKER_CONFIG/config.json}
 * ({@code ~/.docker/config.json}). All share the shape
 * {@code {"auths": {"KEY": {"auth": base64("user:password")}}}}; a KEY is a registry
 * ("quay.io"), a namespace or repository in it ("quay.io/team/app", the most specific wins),
 * or docker's legacy URL form ("https://index.docker.io/v1/"). The first file with a matching
 * entry wins. Within a file, a credential helper the file names for the registry
 * ({@code credHelpers}) comes first, then the {@code auths} entries, then the helper for all
 * registries ({@code credsStore}), each helper run as {@code docker-credential-NAME get}.
 */
public final class CredentialStore {

    private final List<Path> files;

    private CredentialStore(List<Path> files) {
        this.files = List.copyOf(files);
    }

    /** The files of containers-auth.json(5) and docker, from this process's environment. */
    public static CredentialStore fromDefaultLocations() {
        return of(defaultLocations(System.getenv(), Path.of(System.getProperty("user.home"))));
    }

    /** Reads only {@code files}, in order; missing ones are skipped. */
    public static CredentialStore of(List<Path> files) {
        return new CredentialStore(files);
    }

    public static CredentialStore none() {
        return new CredentialStore(List.of());
    }

    static List<Path> defaultLocations(Map<String, String> env, Path home) {
        List<Path> paths = new ArrayList<>();
        String authFile = env.get("REGISTRY_AUTH_FILE");
        String runtimeDir = env.get("XDG_RUNTIME_DIR");
        if (authFile != null && !authFile.isEmpty()) {
            paths.add(Path.of(authFile));
        } else if (runtimeDir != null && !runtimeDir.isEmpty()) {
            paths.add(Path.of(runtimeDir, "containers", "auth.json"));
        }
        String configHome = env.get("XDG_CONFIG_HOME");
        paths.add((configHome == null || configHome.isEmpty() ? home.resolve(".config") : Path.of(configHome))
                .resolve("containers").resolve("auth.json"));
        String dockerConfig = env.get("DOCKER_CONFIG");
        paths.add((dockerConfig == null || dockerConfig.isEmpty() ? home.resolve(".docker") : Path.of(dockerConfig))
                .resolve("config.json"));
        return List.copyOf(paths);
    }

    /** The files consulted, in order. */
    public List<Path> files() {
        return files;
    }

    /**
     * The credentials for {@code repository} on {@code registry} (host[:port] as references
     * write it), if any file has them.
     *
     * @throws RegistryException when a file exists but is not valid JSON or has a malformed
     *     entry; the message names the file and the key, never the content
     */
    public Optional<Credentials> find(String registry, String repository) throws RegistryException {
        List<String> wanted = new ArrayList<>();
        String key = registry + "/" + repository;
        while (true) {
            wanted.add(key);
            int slash = key.lastIndexOf('/');
            if (slash < 0) {
                break;
            }
            key = key.substring(0, slash);
        }
        for (Path file : files) {
            JsonNode root = readFile(file);
            if (root == null) {
                continue;
            }
            String helper = helperFor(root.get("credHelpers"), registry);
            if (helper != null) {
                Optional<Credentials> found = CredentialHelper.named(helper, file).get(serverUrl(registry));
                if (found.isPresent()) {
                    return found;
                }
            }
            JsonNode auths = root.get("auths");
            for (String candidate : auths != null && auths.isObject() ? wanted : List.<String>of()) {
                for (Map.Entry<String, JsonNode> entry : auths.properties()) {
                    if (normaliseKey(entry.getKey()).equals(candidate)) {
                        Optional<Credentials> found = decode(file, entry.getKey(), entry.getValue());
                        if (found.isPresent()) {
                            return found;
                        }
                    }
                }
            }
            JsonNode store = root.get("credsStore");
            if (store != null && store.isTextual() && !store.asText().isEmpty()) {
                Optional<Credentials> found = CredentialHelper.named(store.asText(), file).get(serverUrl(registry));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** The helper {@code credHelpers} names for {@code registry}, keys normalised as those of auths. */
    private static String helperFor(JsonNode helpers, String registry) {
        if (helpers == null || !helpers.isObject()) {
            return null;
        }
        for (Map.Entry<String, JsonNode> entry : helpers.properties()) {
            if (normaliseKey(entry.getKey()).equals(registry) && entry.getValue().isTextual()) {
                return entry.getValue().asText();
            }
        }
        return null;
    }

    /** What a helper is asked for: the registry, Docker Hub under docker's legacy URL. */
    static String serverUrl(String registry) {
        return registry.equals("docker.io") ? "https://index.docker.io/v1/" : registry;
    }

    private static JsonNode readFile(Path file) throws RegistryException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new RegistryException("cannot read auth file " + file + ": " + e.getMessage(), e);
        }
        return AuthFileJson.parse(file, content);
    }

    private static Optional<Credentials> decode(Path file, String key, JsonNode entry) throws RegistryException {
        JsonNode auth = entry.get("auth");
        if (auth == null || !auth.isTextual() || auth.asText().isEmpty()) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(auth.asText().trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new RegistryException("auth file " + file + ": the \"auth\" of \"" + key + "\" is not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw new RegistryException("auth file " + file + ": the \"auth\" of \"" + key
                    + "\" does not decode to USER:PASSWORD");
        }
        return Optional.of(Credentials.of(decoded.substring(0, colon), decoded.substring(colon + 1), file));
    }

    /**
     * The registry[/path] a key stands for: docker's URL keys lose scheme and path, and the
     * several names of Docker Hub become docker.io.
     */
    static String normaliseKey(String key) {
        String k = key.trim();
        boolean url = k.contains("://");
        if (url) {
            k = k.substring(k.indexOf("://") + 3);
            int slash = k.indexOf('/');
            if (slash >= 0) {
                k = k.substring(0, slash);
            }
        }
        while (k.endsWith("/")) {
            k = k.substring(0, k.length() - 1);
        }
        int slash = k.indexOf('/');
        String host = (slash < 0 ? k : k.substring(0, slash)).toLowerCase(Locale.ROOT);
        String path = slash < 0 ? "" : k.substring(slash);
        if (host.equals("index.docker.io") || host.equals("registry-1.docker.io")) {
            host = "docker.io";
        }
        return host + path;
    }
}

package org.racker.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.racker.image.Digest;
import org.racker.image.ImageReference;
import org.racker.image.MediaType;
import org.racker.image.json.ImageManifest;
import org.racker.image.json.ManifestJson;

/**
 * GET /v2/NAME/manifests/REFERENCE
 * (https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests),
 * accepting OCI and Docker schema 2 manifests and indexes. A manifest pulled by digest must
 * hash to it; one pulled by tag must hash to the Docker-Content-Digest the registry claims.
 */
final class ManifestPuller implements EndpointCall<PulledManifest> {
    /** containerd's limit; real manifests are a few KB. */
    static final int MAX_MANIFEST_SIZE = 4 * 1024 * 1024;
    static final List<String> ACCEPT = List.of(MediaType.OCI_INDEX, MediaType.DOCKER_MANIFEST_LIST,
            MediaType.OCI_MANIFEST, MediaType.DOCKER_MANIFEST);

    private final ImageReference reference;

    /** Pulls what {@code reference} names: its digest when it has one, else its tag. */
    ManifestPuller(ImageReference reference) {
        this.reference = reference;
    }

    @Override
    public String action() {
        return "pulling manifest of " + reference;
    }

    @Override
    public String path(RegistryEndpoint endpoint) {
        return "/v2/" + endpoint.repository() + "/manifests/" + reference.manifestReference();
    }

    @Override
    public List<String> accept() {
        return ACCEPT;
    }

    @Override
    public PulledManifest handle(HttpResponse<InputStream> response, String from)
            throws IOException, RegistryException {
        String what = action() + " " + from;
        byte[] content = response.body().readNBytes(MAX_MANIFEST_SIZE + 1);
        if (content.length > MAX_MANIFEST_SIZE) {
            throw new RegistryException(what + ": the manifest is larger than " + MAX_MANIFEST_SIZE + " bytes");
        }
        Digest expected = reference.digest().orElse(null);
        Digest claimed = response.headers().firstValue("Docker-Content-Digest").map(ManifestPuller::parseOrNull)
                .orElse(null);
        Digest check = expected != null ? expected : claimed;
        Digest actual;
        if (check != null) {
            MessageDigest md = check.newMessageDigest();
            actual = Digest.fromHash(check.algorithm(), md.digest(content));
            if (!actual.equals(check)) {
                throw new DigestMismatchException(what + ": digest mismatch: expected " + check + ", got " + actual
                        + (expected == null ? " (the digest is the registry's Docker-Content-Digest)" : ""),
                        check, actual);
            }
        } else {
            actual = Digest.sha256(content);
        }
        // Jackson's streaming parser, not its databind: the manifest is on the way to the
        // first download, and databind takes a fresh JVM a quarter second to set up.
        Object parsed;
        try {
            parsed = ManifestJson.parse(content);
        } catch (IOException e) {
            throw new RegistryException(what + ": the manifest is not valid JSON");
        }
        if (!(parsed instanceof Map<?, ?> json)) {
            throw new RegistryException(what + ": the manifest is not a JSON object");
        }
        String mediaType = mediaType(response, json);
        try {
            if (MediaType.isIndex(mediaType)) {
                return new PulledManifest(reference, mediaType, actual, content, ManifestJson.index(json), null);
            }
            if (MediaType.isManifest(mediaType)) {
                ImageManifest manifest = ManifestJson.manifest(json);
                if (manifest.config() == null) {
                    throw new RegistryException(what + ": the manifest has no config");
                }
                return new PulledManifest(reference, mediaType, actual, content, null, manifest);
            }
        } catch (IllegalArgumentException e) {
            throw new RegistryException(what + ": malformed manifest (" + e.getMessage() + ")");
        }
        Object schemaVersion = json.get("schemaVersion");
        if ((schemaVersion instanceof Number n && n.intValue() == 1) || "1".equals(schemaVersion)
                || mediaType.startsWith(MediaType.DOCKER_MANIFEST_V1)) {
            throw new RegistryException(what + ": the registry sent a Docker schema 1 manifest, which racker"
                    + " does not read (it was deprecated in 2017); push the image again with a current tool");
        }
        throw new RegistryException(what + ": unsupported manifest media type \"" + mediaType + "\"");
    }

    /**
     * The Content-Type, or for registries that send a generic one, the document's mediaType
     * field, or for an OCI document without one, what its fields say it is.
     */
    private static String mediaType(HttpResponse<?> response, Map<?, ?> json) {
        String header = response.headers().firstValue("Content-Type").orElse("");
        int semicolon = header.indexOf(';');
        header = (semicolon >= 0 ? header.substring(0, semicolon) : header).trim().toLowerCase(Locale.ROOT);
        if (MediaType.isIndex(header) || MediaType.isManifest(header) || header.startsWith("application/vnd.")) {
            return header;
        }
        String field = json.get("mediaType") instanceof String text ? text : "";
        if (!field.isEmpty()) {
            return field;
        }
        if (json.containsKey("manifests")) {
            return MediaType.OCI_INDEX;
        }
        if (json.containsKey("config") || json.containsKey("layers")) {
            return MediaType.OCI_MANIFEST;
        }
        return header;
    }

    private static Digest parseOrNull(String text) {
        try {
            return Digest.parse(text.trim());
        } catch (org.racker.image.InvalidImageReferenceException e) {
            return null;
        }
    }

    @Override
    public RegistryException notFound(String from, String registryError) {
        String what = action() + " " + from;
        String subject = reference.digest().isPresent()
                ? "manifest " + reference.digest().get() + " of " + reference.name()
                : "tag \"" + reference.tag().orElse(ImageReference.DEFAULT_TAG) + "\" of " + reference.name();
        String message = registryError.startsWith("NAME_UNKNOWN")
                ? "unknown image: the registry has no repository " + reference.name()
                : "unknown image: the registry has no " + subject;
        return new RegistryNotFoundException(what + ": " + message
                + (registryError.isEmpty() ? "" : " (" + registryError + ")"));
    }
}

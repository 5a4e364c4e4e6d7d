package org.racker.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One registry API endpoint, as jib's RegistryEndpointProvider: what to request and how to
 * read a successful answer. {@link RegistryTransport} does the rest (scheme, auth, redirects,
 * retries) the same for every endpoint. An instance serves one logical call and may keep
 * state across its attempts (a blob download resumes).
 */
interface EndpointCall<T> {
    /** What is being done, for messages: "pulling manifest of docker.io/library/debian:12". */
    String action();

    /** The path below the registry's base URL, e.g. /v2/library/debian/manifests/12. */
    String path(RegistryEndpoint endpoint);

    List<String> accept();

    /** Headers for the next attempt (Range when resuming). */
    default Map<String, String> headers() {
        return Map.of();
    }

    /**
     * Credentials this call brings itself, sent instead of those of the auth files: a login
     * checks the user's before they are stored anywhere.
     */
    default Optional<Credentials> credentials() {
        return Optional.empty();
    }

    /**
     * Reads a 2xx answer. An IOException while reading counts as a dropped connection and
     * is retried; everything that must not be retried is a RegistryException.
     */
    T handle(HttpResponse<InputStream> response, String from) throws IOException, RegistryException;

    /** The error for a 404; {@code registryError} is the registry's error code and message, or "". */
    RegistryException notFound(String from, String registryError);
}

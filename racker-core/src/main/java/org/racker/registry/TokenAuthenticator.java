package org.racker.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.racker.image.json.ImageJson;

/**
 * The token endpoint of the registry auth spec
 * (https://distribution.github.io/distribution/spec/auth/token/): a GET of the challenge's
 * realm with its service and the scopes wanted, anonymous or with Basic credentials, answered
 * by {@code {"token": ..., "expires_in": ...}} ({@code access_token} in OAuth-style servers).
 */
final class TokenAuthenticator {
    /** The spec's default lifetime when the server gives none. */
    private static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);
    private static final int MAX_RESPONSE = 1 << 20;

    /** A bearer token and when to stop using it. */
    record Token(String value, Instant expires) {
        @Override
        public String toString() {
            return "Token[expires=" + expires + "]";
        }
    }

    private final HttpClient client;
    private final String userAgent;

    TokenAuthenticator(HttpClient client, String userAgent) {
        this.client = client;
        this.userAgent = userAgent;
    }

    /**
     * Fetches a token for {@code scopes}. IOExceptions (and 5xx, reported as IOException) are
     * the caller's to retry.
     */
    Token fetch(AuthChallenge challenge, List<String> scopes, Optional<Credentials> credentials,
            boolean plainHttpAllowed, String action, String registry)
            throws IOException, InterruptedException, RegistryException {
        String realm = challenge.param("realm");
        if (realm == null || realm.isEmpty()) {
            throw new RegistryException(action + ": the registry asked for a bearer token but named no realm");
        }
        StringBuilder query = new StringBuilder();
        String service = challenge.param("service");
        if (service != null) {
            query.append("service=").append(URLEncoder.encode(service, StandardCharsets.UTF_8));
        }
        for (String scope : scopes) {
            query.append(query.length() == 0 ? "" : "&").append("scope=")
                    .append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        }
        URI uri;
        try {
            uri = URI.create(realm + (query.length() == 0 ? "" : (realm.contains("?") ? "&" : "?") + query));
        } catch (IllegalArgumentException e) {
            throw new RegistryException(action + ": the registry named a malformed token realm");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())) {
            throw new RegistryException(action + ": the token realm " + RedactedUri.of(realm) + " is not an http(s) URL");
        }
        if (credentials.isPresent() && "http".equalsIgnoreCase(uri.getScheme()) && !plainHttpAllowed) {
            throw new RegistryException(action + ": refusing to send the credentials for " + registry
                    + " to the plain-HTTP token realm " + RedactedUri.of(realm) + " of an HTTPS registry"
                    + " (mark the registry insecure in registries.conf to allow it)");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET()
                .header("User-Agent", userAgent)
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(60));
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            request.version(HttpClient.Version.HTTP_1_1);
        }
        credentials.ifPresent(c -> request.header("Authorization", c.basicAuthorization()));
        HttpResponse<InputStream> response;
        byte[] body;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_RESPONSE);
            }
        } catch (IOException e) {
            // Described here, where the token server's address is known: the caller knows only the registry's.
            throw new TokenServerException("the token server: " + TransportFailure.describe(e, uri), e);
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new RegistryUnauthorizedException(action + ": the token server " + uri.getHost()
                    + (credentials.isPresent()
                            ? " refused the credentials of " + credentials.get().describe()
                                    + "; check them, or log in again with `racker login " + registry + "`"
                            : " refused anonymous access; log in with `racker login " + registry + "`"),
                    credentials.isPresent());
        }
        if (status >= 500 || status == 429) {
            throw new TokenServerException("the token server " + uri.getHost() + " answered " + status, null);
        }
        if (status != 200) {
            throw new RegistryException(action + ": the token server " + uri.getHost() + " answered " + status);
        }
        JsonNode json;
        try {
            json = ImageJson.mapper().readTree(body);
        } catch (IOException e) {
            throw new RegistryException(action + ": the token server " + uri.getHost() + " answered with malformed JSON");
        }
        String token = text(json, "token");
        if (token == null) {
            token = text(json, "access_token");
        }
        if (token == null) {
            throw new RegistryException(action + ": the token server " + uri.getHost() + " answered without a token");
        }
        long seconds = json.path("expires_in").asLong(0);
        Duration lifetime = seconds > 0 ? Duration.ofSeconds(seconds) : DEFAULT_LIFETIME;
        // Renew a little early so a token does not expire between check and use.
        Duration margin = lifetime.compareTo(Duration.ofSeconds(20)) > 0 ? Duration.ofSeconds(10) : Duration.ZERO;
        return new Token(token, Instant.now().plus(lifetime).minus(margin));
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
    }
}

package org.racker.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.racker.download.HttpClients;
import org.racker.image.json.ImageJson;
import org.racker.EventLog;

/**
 * Sends an {@link EndpointCall} to one {@link RegistryEndpoint} and does what every endpoint
 * needs the same way:
 * <ul>
 *   <li>Scheme: HTTPS with verified TLS; plain HTTP only on loopback (used directly) or for a
 *       registry marked insecure (tried after HTTPS, whose TLS is then not verified).</li>
 *   <li>Auth: on 401, the WWW-Authenticate challenge is answered once, with a bearer token
 *       (anonymous or with the user's credentials) or Basic credentials, and cached per
 *       registry and repository.</li>
 *   <li>Redirects (blob storage) are followed here, not by HttpClient, so that the
 *       registry's Authorization header only ever goes back to the registry itself: a CDN or
 *       object store gets none, and HTTPS is never downgraded to HTTP.</li>
 *   <li>Retries with backoff on 5xx, 429 and failed or dropped connections, bounded by the
 *       {@link RetryPolicy}.</li>
 * </ul>
 * Nothing here logs or throws a header value.
 */
final class RegistryTransport {
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final int MAX_REDIRECTS = 10;
    private static final int MAX_ERROR_BODY = 64 * 1024;
    static final String USER_AGENT = "racker/0.1";

    private final Duration connectTimeout;
    /**
     * One client per kind of connection, each built when first needed: building one with TLS
     * loads and initialises JSSE and the CA certificates, about 150 ms with the C1-only JIT,
     * which a pull from a plain-HTTP registry on loopback never needs.
     */
    private HttpClient plainClient;
    private HttpClient verifyingClient;
    private HttpClient trustingClient;
    private final CredentialStore credentials;
    private final RetryPolicy retryPolicy;
    private final boolean tlsVerify;
    private final EventLog log;
    private final String userAgent;
    private final Duration requestTimeout;

    /** Working scheme per API host, once known. */
    private final Map<String, String> schemes = new ConcurrentHashMap<>();
    /** Authorization header per API host and repository, with its expiry. */
    private final Map<String, CachedAuthorization> authorizations = new ConcurrentHashMap<>();

    private record CachedAuthorization(String header, Instant expires) {
        boolean valid() {
            return expires == null || Instant.now().isBefore(expires);
        }

        @Override
        public String toString() {
            return "CachedAuthorization[expires=" + expires + "]";
        }
    }


    RegistryTransport(CredentialStore credentials, RetryPolicy retryPolicy, boolean tlsVerify, EventLog log,
            String userAgent, Duration connectTimeout, Duration requestTimeout) {
        this.credentials = credentials;
        this.retryPolicy = retryPolicy;
        this.tlsVerify = tlsVerify;
        this.log = log;
        this.userAgent = userAgent;
        this.requestTimeout = requestTimeout;
        this.connectTimeout = connectTimeout;
    }

    /** The client for {@code uri}: plain HTTP, or HTTPS verifying certificates unless {@code insecureTls}. */
    private synchronized HttpClient client(URI uri, boolean insecureTls) {
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            if (plainClient == null) {
                plainClient = newClient(HttpClients.plainHttpOnly());
            }
            return plainClient;
        }
        return tlsClient(insecureTls);
    }

    private synchronized HttpClient tlsClient(boolean insecureTls) {
        if (insecureTls) {
            if (trustingClient == null) {
                trustingClient = newClient(trustAll());
            }
            return trustingClient;
        }
        if (verifyingClient == null) {
            verifyingClient = newClient(null);
        }
        return verifyingClient;
    }

    private HttpClient newClient(SSLContext tls) {
        return HttpClients.create(HttpClient.Redirect.NEVER, connectTimeout, tls);
    }

    /** Runs {@code call} against {@code endpoint}; the exception's message starts with the action. */
    <T> T call(RegistryEndpoint endpoint, EndpointCall<T> call) throws RegistryException {
        List<String> candidates = schemesFor(endpoint);
        int schemeIndex = 0;
        boolean authAnswered = false;
        Optional<Credentials> credentialsUsed = Optional.empty();
        int attempt = 0;
        while (true) {
            attempt++;
            String scheme = candidates.get(schemeIndex);
            String base = scheme + "://" + endpoint.apiHost();
            String from = "from " + base + (endpoint.mirror() ? " (mirror)" : "");
            String what = call.action() + " " + from;
            URI uri = URI.create(base + call.path(endpoint));
            boolean insecureTls = !tlsVerify || endpoint.insecure();
            try {
                String authorization = cachedAuthorization(endpoint);
                HttpResponse<InputStream> response = send(uri, call, authorization, insecureTls);
                try (InputStream body = response.body()) {
                    int status = response.statusCode();
                    if (status >= 200 && status < 300) {
                        T result = call.handle(response, from);
                        schemes.put(endpoint.apiHost(), scheme);
                        return result;
                    }
                    schemes.put(endpoint.apiHost(), scheme);
                    if (status == 401 && !authAnswered) {
                        // A token server failing (IOException) counts as a failed attempt and is retried.
                        credentialsUsed = authenticate(endpoint, call, response, what, scheme, insecureTls);
                        authAnswered = true;
                        attempt--; // answering a challenge is not a failed attempt
                        continue;
                    }
                    if (status == 401 || status == 403) {
                        throw unauthorized(endpoint, what, status, credentialsUsed, errorSummary(body));
                    }
                    if (status == 404) {
                        throw call.notFound(from, errorSummary(body));
                    }
                    if (status >= 500 || status == 429) {
                        if (attempt >= retryPolicy.maxAttempts()) {
                            throw new RegistryException(what + ": the registry answered " + status
                                    + describeError(errorSummary(body)) + " " + attempt + " times");
                        }
                        retryLater(what, "the registry answered " + status, attempt);
                        continue;
                    }
                    throw new RegistryException(what + ": the registry answered " + status
                            + describeError(errorSummary(body)));
                }
            } catch (IOException e) {
                String why = TransportFailure.describe(e, uri);
                if (scheme.equals("https") && schemeIndex + 1 < candidates.size()
                        && !schemes.containsKey(endpoint.apiHost()) && TransportFailure.isConnectionLevel(e)) {
                    log.debug(what + ": HTTPS failed (" + why + "), trying plain HTTP as the registry is insecure");
                    schemeIndex++;
                    attempt--;
                    continue;
                }
                if (!TransportFailure.isRetriable(e) || attempt >= retryPolicy.maxAttempts()) {
                    throw new RegistryException(what + ": " + why
                            + (attempt > 1 ? " (after " + attempt + " attempts)" : ""), e);
                }
                retryLater(what, why, attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryException(what + ": interrupted", e);
            }
        }
    }

    private List<String> schemesFor(RegistryEndpoint endpoint) {
        String known = schemes.get(endpoint.apiHost());
        if (known != null) {
            return List.of(known);
        }
        if (endpoint.isLoopback()) {
            return List.of("http");
        }
        return endpoint.insecure() || !tlsVerify ? List.of("https", "http") : List.of("https");
    }

    /** GETs {@code uri}, following redirects; Authorization goes only to the registry's own origin. */
    private HttpResponse<InputStream> send(URI start, EndpointCall<?> call, String authorization, boolean insecureTls)
            throws IOException, InterruptedException {
        URI uri = start;
        for (int hop = 0; ; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET()
                    .timeout(requestTimeout)
                    .header("User-Agent", userAgent);
            if (!call.accept().isEmpty()) {
                request.header("Accept", String.join(", ", call.accept()));
            }
            call.headers().forEach(request::header);
            if (authorization != null && sameOrigin(uri, start)) {
                request.header("Authorization", authorization);
            }
            if ("http".equals(uri.getScheme())) {
                // No h2c upgrade dance with registries that speak HTTP/1.1 only.
                request.version(HttpClient.Version.HTTP_1_1);
            }
            // Only the redacted form: a pre-signed storage URL's query string is a credential.
            log.debug("GET " + RedactedUri.of(uri));
            HttpResponse<InputStream> response = client(uri, insecureTls)
                    .send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            Optional<String> location = response.headers().firstValue("Location");
            if (!REDIRECTS.contains(response.statusCode()) || location.isEmpty()) {
                return response;
            }
            response.body().close();
            if (hop >= MAX_REDIRECTS) {
                throw new RedirectRefusedException("the registry redirected more than " + MAX_REDIRECTS
                        + " times, which racker does not follow");
            }
            uri = redirectTarget(uri, location.get());
            log.debug("redirected to " + RedactedUri.of(uri));
        }
    }

    /**
     * Where a redirect from {@code from} to {@code location} goes, if racker follows it: only
     * to http(s) (HttpClient would reject other schemes with an unhelpful
     * IllegalArgumentException, and a file: URL is this machine's files), and never from
     * HTTPS down to plain HTTP.
     */
    static URI redirectTarget(URI from, String location) throws RedirectRefusedException {
        URI next;
        try {
            next = from.resolve(location.trim());
        } catch (IllegalArgumentException e) {
            throw new RedirectRefusedException("the registry redirected to a malformed URL, which racker does not follow");
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RedirectRefusedException("the registry redirected to a " + (scheme.isEmpty() ? "scheme-less" : scheme + ":")
                    + " URL, which racker does not follow (only http and https)");
        }
        if (next.getHost() == null || next.getHost().isEmpty()) {
            throw new RedirectRefusedException("the registry redirected to a URL without a host, which racker does not follow");
        }
        if ("https".equalsIgnoreCase(from.getScheme()) && !scheme.equals("https")) {
            throw new RedirectRefusedException("the registry redirected from HTTPS to plain HTTP (" + next.getHost()
                    + "), which racker does not follow");
        }
        return next;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private String cachedAuthorization(RegistryEndpoint endpoint) {
        CachedAuthorization cached = authorizations.get(authKey(endpoint));
        return cached != null && cached.valid() ? cached.header() : null;
    }

    private static String authKey(RegistryEndpoint endpoint) {
        return endpoint.apiHost() + "/" + endpoint.repository();
    }

    /**
     * Answers a 401's challenge: a bearer token from its realm, else Basic credentials. The
     * call's own credentials (a login checking the user's) win over the auth files.
     *
     * @return the credentials sent, if any
     */
    private Optional<Credentials> authenticate(RegistryEndpoint endpoint, EndpointCall<?> call,
            HttpResponse<?> response, String what, String scheme, boolean insecureTls)
            throws IOException, InterruptedException, RegistryException {
        List<AuthChallenge> challenges = AuthChallenge.parseAll(response.headers().allValues("WWW-Authenticate"));
        Optional<Credentials> found = call.credentials().isPresent() ? call.credentials()
                : credentials.find(endpoint.registry(), endpoint.repository());
        Optional<AuthChallenge> bearer = challenges.stream().filter(c -> c.scheme().equals("bearer")).findFirst();
        Optional<AuthChallenge> basic = challenges.stream().filter(c -> c.scheme().equals("basic")).findFirst();
        if (bearer.isPresent()) {
            List<String> scopes = new ArrayList<>();
            String challengeScope = bearer.get().param("scope");
            if (challengeScope != null && !challengeScope.isBlank()) {
                scopes.addAll(List.of(challengeScope.trim().split("\\s+")));
            }
            String pull = "repository:" + endpoint.repository() + ":pull";
            // A login asks for no repository: the token proves the credentials, nothing more.
            if (!endpoint.repository().isEmpty() && !scopes.contains(pull)) {
                scopes.add(pull);
            }
            TokenAuthenticator.Token token = new TokenAuthenticator(tlsClient(insecureTls),
                    userAgent).fetch(bearer.get(), scopes, found,
                            scheme.equals("http") || endpoint.insecure() || endpoint.isLoopback(), what,
                            endpoint.registry());
            authorizations.put(authKey(endpoint), new CachedAuthorization("Bearer " + token.value(), token.expires()));
            log.debug(what + ": got a bearer token" + (found.isPresent() ? " with the credentials of "
                    + found.get().describe() : " anonymously"));
            return found;
        }
        if (basic.isPresent() && found.isPresent()) {
            authorizations.put(authKey(endpoint), new CachedAuthorization(found.get().basicAuthorization(), null));
            return found;
        }
        if (basic.isPresent()) {
            throw unauthorized(endpoint, what, 401, Optional.empty(), "");
        }
        throw new RegistryException(what + ": the registry answered 401 without a challenge racker knows"
                + " (WWW-Authenticate schemes: " + challenges.stream().map(AuthChallenge::scheme).toList() + ")");
    }

    private RegistryUnauthorizedException unauthorized(RegistryEndpoint endpoint, String what, int status,
            Optional<Credentials> credentialsUsed, String registryError) {
        String registry = endpoint.registry();
        StringBuilder message = new StringBuilder(what).append(": ");
        message.append(status == 403 ? "access denied" : "unauthorized").append(describeError(registryError)).append("; ");
        if (credentialsUsed.isPresent()) {
            message.append("the registry refused the credentials of ").append(credentialsUsed.get().describe())
                    .append(status == 403 ? " for this repository" : "")
                    .append("; check them, or log in again with `racker login ").append(registry).append("`");
        } else {
            message.append("no credentials for ").append(registry).append(" were found (looked in ")
                    .append(String.join(", ", credentials.files().stream().map(Object::toString).toList()))
                    .append("); log in with `racker login ").append(registry)
                    .append("` or add an \"auths\" entry for it to one of those files");
        }
        if (registry.equals(org.racker.image.ImageReference.DOCKER_HUB)) {
            message.append(" (Docker Hub also answers this way for repositories that do not exist)");
        }
        return new RegistryUnauthorizedException(message.toString(), credentialsUsed.isPresent());
    }

    private void retryLater(String what, String why, int attempt) throws RegistryException {
        Duration wait = retryPolicy.backoffAfter(attempt);
        log.info(what + ": " + why + "; retrying in " + wait.toMillis() + " ms (attempt " + (attempt + 1)
                + " of " + retryPolicy.maxAttempts() + ")");
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(what + ": interrupted", e);
        }
    }

    /** The registry's {"errors": [{"code", "message"}]} body as "CODE: message", or "". */
    static String errorSummary(InputStream body) {
        try {
            byte[] bytes = body.readNBytes(MAX_ERROR_BODY);
            JsonNode errors = ImageJson.mapper().readTree(bytes).path("errors");
            List<String> parts = new ArrayList<>();
            for (JsonNode error : errors) {
                String code = error.path("code").asText("");
                String message = error.path("message").asText("");
                parts.add(code.isEmpty() ? message : message.isEmpty() ? code : code + ": " + message);
            }
            return String.join("; ", parts);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String describeError(String registryError) {
        return registryError.isEmpty() ? "" : " (" + registryError + ")";
    }

    /** For registries marked insecure or --tls-verify=false: no chain and no host name checks. */
    private static SSLContext trustAll() {
        TrustManager trustAll = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) { }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) { }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) { }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) { }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustAll}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JDK", e);
        }
    }
}

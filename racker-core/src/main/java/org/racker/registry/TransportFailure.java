package org.racker.registry;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * The one place that turns what the HTTP stack throws into words, for pulls and logins alike,
 * and decides what is worth another try. The JDK's HttpClient reports most failures as a bare
 * {@code ConnectException} without a message, the real reason a few causes down (an
 * unresolvable name is a {@code ConnectException} caused by {@code UnresolvedAddressException}),
 * so the class name alone says nothing a user can act on.
 */
final class TransportFailure {
    private TransportFailure() { }

    /** What went wrong talking to {@code uri}, e.g. "cannot connect to example.com:443: connection refused". */
    static String describe(IOException e, URI uri) {
        if (e instanceof RedirectRefusedException || e instanceof TokenServerException) {
            return e.getMessage(); // already says what happened, and where
        }
        if (isUnresolvedHost(e)) {
            return "cannot resolve host " + uri.getHost();
        }
        if (has(e, HttpConnectTimeoutException.class)) {
            return "cannot connect to " + hostPort(uri) + ": timed out";
        }
        if (e instanceof HttpTimeoutException) {
            return "timed out waiting for an answer from " + hostPort(uri);
        }
        if (has(e, ConnectException.class)) {
            // HttpClient's ConnectException carries no message when the port is closed.
            return "cannot connect to " + hostPort(uri) + ": connection refused";
        }
        if (has(e, SSLHandshakeException.class)) {
            return "TLS handshake with " + hostPort(uri) + " failed (" + e.getMessage() + "); for a registry with a"
                    + " self-signed certificate mark it insecure in registries.conf or use --tls-verify=false";
        }
        String message = e.getMessage();
        return message == null || message.isEmpty() ? e.getClass().getSimpleName() : message;
    }

    /**
     * A failure to reach the server at all, where an insecure registry may still speak plain
     * HTTP. A name that does not resolve is not one: plain HTTP would not resolve it either;
     * nor is a token server failing, as the registry did answer.
     */
    static boolean isConnectionLevel(IOException e) {
        return !(e instanceof TokenServerException) && !isUnresolvedHost(e) && (has(e, SSLException.class) || has(e, ConnectException.class));
    }

    /**
     * Dropped connections and timeouts are worth another try; a host that cannot be resolved,
     * refuses connections, fails the TLS handshake or redirects where racker does not follow
     * will answer the same in a second, and failing fast lets a mirror list or a curated
     * image's next source take over.
     */
    static boolean isRetriable(IOException e) {
        return !(e instanceof RedirectRefusedException || has(e, SSLHandshakeException.class)
                || isUnresolvedHost(e) || has(e, ConnectException.class));
    }

    private static boolean isUnresolvedHost(Throwable e) {
        return has(e, UnknownHostException.class) || has(e, UnresolvedAddressException.class);
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String hostPort(URI uri) {
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        String host = uri.getHost();
        return (host != null && host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }
}

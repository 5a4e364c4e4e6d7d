package org.racker.download;

import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Duration;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.racker.host.ExitCleanup;

/**
 * The one way racker makes the JDK's HttpClient, for registries and for downloads alike: every
 * client's selector thread is ended when the JVM exits, and a client only ever used for plain
 * HTTP skips the TLS set-up.
 */
public final class HttpClients {
    private HttpClients() { }

    /**
     * A client following {@code redirects}, with {@code tls} as its TLS context (null: the
     * JDK's default, which verifies certificates and host names).
     */
    public static HttpClient create(HttpClient.Redirect redirects, Duration connectTimeout, SSLContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .followRedirects(redirects)
                .connectTimeout(connectTimeout);
        if (tls != null) {
            builder.sslContext(tls);
        }
        HttpClient client = builder.build();
        SelectorShutdown.register(client);
        return client;
    }

    /** The context for a client that is given plain-HTTP URIs only (see {@link PlainHttpOnly}). */
    public static SSLContext plainHttpOnly() {
        return new PlainHttpOnly();
    }

    /**
     * Stops the HttpClient's selector threads when the JVM exits, as one task of the JVM's
     * one exit hook ({@link ExitCleanup}). Each client keeps one thread
     * blocked in epoll_wait, native code, for as long as the client lives, and HotSpot's exit
     * waits up to 300 ms for threads in native code to leave it (VM_Exit's
     * wait_for_threads_in_native_to_block): every racker command that had made a request
     * ended 0.3 s late. JDK 17's HttpClient cannot be closed; interrupting its selector thread
     * makes it leave its loop, closing the client. Only racker's own clients' threads are
     * interrupted: a JVM that uses racker as a library has clients of its own.
     */
    private static final class SelectorShutdown {
        /** The JDK names a client's selector thread after the id its toString() ends with. */
        private static final java.util.regex.Pattern CLIENT_ID = java.util.regex.Pattern.compile("\\((\\d+)\\)$");
        private static final java.util.Set<String> OWN_THREADS = java.util.concurrent.ConcurrentHashMap.newKeySet();
        /** One task for every client: the exit hook's set holds it once. */
        private static final Runnable TASK = SelectorShutdown::run;

        static void register(HttpClient client) {
            java.util.regex.Matcher id = CLIENT_ID.matcher(client.toString());
            if (!id.find()) {
                return; // a JDK that names them otherwise: leave its threads alone
            }
            OWN_THREADS.add("HttpClient-" + id.group(1) + "-SelectorManager");
            ExitCleanup.register(TASK);
        }

        private static void run() {
            ThreadGroup group = Thread.currentThread().getThreadGroup();
            while (group.getParent() != null) {
                group = group.getParent();
            }
            Thread[] threads = new Thread[group.activeCount() + 16];
            int count = group.enumerate(threads, true);
            for (int i = 0; i < count; i++) {
                Thread thread = threads[i];
                if (OWN_THREADS.contains(thread.getName())) {
                    thread.interrupt();
                    try {
                        thread.join(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    /**
     * The TLS context of the client for plain-HTTP URIs, which never makes a TLS connection:
     * an HttpClient wants a context, and the JDK's default one is what costs the start-up
     * time. Any attempt to use it for TLS fails.
     */
    private static final class PlainHttpOnly extends SSLContext {
        PlainHttpOnly() {
            super(new Spi(), null, "none");
        }

        private static final class Spi extends SSLContextSpi {
            @Override
            protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random) { }

            @Override
            protected SSLSocketFactory engineGetSocketFactory() {
                throw new UnsupportedOperationException("plain HTTP only");
            }

            @Override
            protected SSLServerSocketFactory engineGetServerSocketFactory() {
                throw new UnsupportedOperationException("plain HTTP only");
            }

            @Override
            protected SSLEngine engineCreateSSLEngine() {
                throw new UnsupportedOperationException("plain HTTP only");
            }

            @Override
            protected SSLEngine engineCreateSSLEngine(String host, int port) {
                throw new UnsupportedOperationException("plain HTTP only");
            }

            @Override
            protected SSLSessionContext engineGetServerSessionContext() {
                return null;
            }

            @Override
            protected SSLSessionContext engineGetClientSessionContext() {
                return null;
            }

            @Override
            protected SSLParameters engineGetDefaultSSLParameters() {
                return new SSLParameters();
            }

            @Override
            protected SSLParameters engineGetSupportedSSLParameters() {
                return new SSLParameters();
            }
        }
    }
}

package org.racker.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How transport failures are worded, from exceptions shaped as the JDK's HttpClient throws
 * them (a bare ConnectException, the reason a few causes down) and from real ones it threw.
 */
@Tag("security")
class TransportFailureTest {
    private static final URI REGISTRY = URI.create("https://registry.example:5000/v2/");

    private static ConnectException connectException(Throwable cause) {
        ConnectException outer = new ConnectException();
        ConnectException inner = new ConnectException();
        inner.initCause(cause);
        outer.initCause(inner);
        return outer;
    }

    @Test
    void refusedConnectionNamesHostAndPort() {
        assertThat(TransportFailure.describe(connectException(new ClosedChannelException()), REGISTRY))
                .isEqualTo("cannot connect to registry.example:5000: connection refused");
    }

    @Test
    void unresolvableHostIsNotCalledRefused() {
        assertThat(TransportFailure.describe(connectException(new UnresolvedAddressException()), REGISTRY))
                .isEqualTo("cannot resolve host registry.example");
        assertThat(TransportFailure.describe(new UnknownHostException("registry.example"), REGISTRY))
                .isEqualTo("cannot resolve host registry.example");
    }

    @Test
    void defaultPortsFollowTheScheme() {
        assertThat(TransportFailure.describe(connectException(null), URI.create("https://quay.io/v2/")))
                .isEqualTo("cannot connect to quay.io:443: connection refused");
        assertThat(TransportFailure.describe(connectException(null), URI.create("http://[::1]/v2/")))
                .isEqualTo("cannot connect to [::1]:80: connection refused");
    }

    @Test
    void timeoutsSayWhichKind() {
        assertThat(TransportFailure.describe(new HttpConnectTimeoutException("HTTP connect timed out"), REGISTRY))
                .isEqualTo("cannot connect to registry.example:5000: timed out");
        assertThat(TransportFailure.describe(new HttpTimeoutException("request timed out"), REGISTRY))
                .isEqualTo("timed out waiting for an answer from registry.example:5000");
    }

    @Test
    void handshakeFailureSaysWhatToDo() {
        assertThat(TransportFailure.describe(new SSLHandshakeException("PKIX path building failed"), REGISTRY))
                .contains("TLS handshake with registry.example:5000 failed").contains("--tls-verify=false");
    }

    @Test
    void ownMessagesPassUnchanged() {
        assertThat(TransportFailure.describe(new RedirectRefusedException("the registry redirected to a file: URL"),
                REGISTRY)).isEqualTo("the registry redirected to a file: URL");
        assertThat(TransportFailure.describe(new IOException(), REGISTRY)).isEqualTo("IOException");
    }

    @Test
    void whatIsRetriedAndWhatFallsBackToPlainHttp() {
        assertThat(TransportFailure.isRetriable(new IOException("connection reset"))).isTrue();
        assertThat(TransportFailure.isRetriable(new HttpTimeoutException("request timed out"))).isTrue();
        assertThat(TransportFailure.isRetriable(connectException(new ClosedChannelException()))).isFalse();
        assertThat(TransportFailure.isRetriable(connectException(new UnresolvedAddressException()))).isFalse();
        assertThat(TransportFailure.isRetriable(new RedirectRefusedException("x"))).isFalse();
        assertThat(TransportFailure.isConnectionLevel(connectException(new ClosedChannelException()))).isTrue();
        assertThat(TransportFailure.isConnectionLevel(new SSLHandshakeException("x"))).isTrue();
        assertThat(TransportFailure.isConnectionLevel(connectException(new UnresolvedAddressException()))).isFalse();
        assertThat(TransportFailure.isConnectionLevel(new TokenServerException("the token server: x",
                connectException(null)))).isFalse();
    }

    /** The shapes above are the JDK's own: a closed port on loopback. */
    @Test
    void realRefusedConnection() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        URI uri = URI.create("http://127.0.0.1:" + port + "/v2/");
        IOException e = sendAndFail(uri);
        assertThat(TransportFailure.describe(e, uri)).isEqualTo("cannot connect to 127.0.0.1:" + port + ": connection refused");
    }

    /** .invalid never resolves (RFC 6761): no connection is made anywhere. */
    @Test
    void realUnresolvableHost() throws Exception {
        URI uri = URI.create("http://registry.racker-test.invalid:5000/v2/");
        IOException e = sendAndFail(uri);
        assertThat(TransportFailure.describe(e, uri)).isEqualTo("cannot resolve host registry.racker-test.invalid");
    }

    private static IOException sendAndFail(URI uri) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).version(HttpClient.Version.HTTP_1_1).build();
        IOException[] thrown = new IOException[1];
        assertThatThrownBy(() -> {
            try {
                client.send(request, HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                thrown[0] = e;
                throw e;
            }
        }).isInstanceOf(IOException.class);
        return thrown[0];
    }
}

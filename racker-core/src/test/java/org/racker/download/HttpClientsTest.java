package org.racker.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.racker.host.ExitCleanup;

class HttpClientsTest {
    @Test
    void aPlainHttpClientTalksHttpAndIsEndedAtExit() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            HttpClient client = HttpClients.create(HttpClient.Redirect.NEVER, Duration.ofSeconds(5),
                    HttpClients.plainHttpOnly());
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("hello");
            // its selector thread is stopped by the JVM's one exit task, so an exit does not wait on it
            assertThat(ExitCleanup.pendingCount()).isPositive();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void thePlainHttpContextRefusesTls() {
        assertThatThrownBy(() -> HttpClients.plainHttpOnly().getSocketFactory())
                .isInstanceOf(UnsupportedOperationException.class);
    }
}

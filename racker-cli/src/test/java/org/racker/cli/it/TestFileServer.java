package org.racker.cli.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Files served over HTTP on 127.0.0.1 by their path ("/bookworm.tar.gz"), 404 for anything else. */
final class TestFileServer implements AutoCloseable {
    private final HttpServer http;

    TestFileServer(Map<String, Path> files) throws IOException {
        Map<String, Path> served = Map.copyOf(files);
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", exchange -> {
            Path file = served.get(exchange.getRequestURI().getPath());
            if (file == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, Files.size(file));
            try (OutputStream out = exchange.getResponseBody()) {
                Files.copy(file, out);
            }
        });
        http.start();
    }

    /** {@code http://127.0.0.1:PORT}, to which the served paths are appended. */
    String base() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}

package org.racker.runtime.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.jna.LastErrorException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.racker.nativeio.FileCalls;

/**
 * slirp4netns's API socket ({@code --api-socket}), through which ports are forwarded from the
 * host into the container ({@code add_hostfwd}): one JSON request a connection, one JSON
 * answer. The socket lives in the container's state directory under a relative name
 * (slirp4netns is started there), since the directory's full path can exceed what a socket
 * address holds; racker reaches it through a descriptor of the directory
 * ({@code /proc/self/fd/N/NAME}), which is short whatever the state root.
 */
final class Slirp4netnsApi {
    static final String SOCKET_NAME = "slirp4netns.sock";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path stateDir;

    Slirp4netnsApi(Path stateDir) {
        this.stateDir = stateDir;
    }

    /** Forwards the mapping's host address and port to the container's port; fails with slirp4netns's reason. */
    void addHostForward(PortMapping p) throws IOException {
        ObjectNode request = JSON.createObjectNode().put("execute", "add_hostfwd");
        request.putObject("arguments").put("proto", p.protocol()).put("host_addr", p.hostIp())
                .put("host_port", p.hostPort()).put("guest_port", p.containerPort());
        JsonNode answer = call(JSON.writeValueAsBytes(request));
        if (answer.has("error")) {
            throw new IOException(answer.path("error").path("desc").asText(answer.toString()));
        }
        if (!answer.has("return")) {
            throw new IOException("unexpected answer from slirp4netns: " + answer);
        }
    }

    private JsonNode call(byte[] request) throws IOException {
        int dir;
        try {
            dir = FileCalls.get().openat(FileCalls.AT_FDCWD, stateDir.toString(),
                    FileCalls.O_PATH | FileCalls.O_DIRECTORY | FileCalls.O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new IOException("cannot open " + stateDir + ": errno " + e.getErrorCode(), e);
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of("/proc/self/fd/" + dir + "/" + SOCKET_NAME));
            ByteBuffer out = ByteBuffer.wrap(request);
            while (out.hasRemaining()) {
                channel.write(out);
            }
            channel.shutdownOutput();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(4096);
            while (channel.read(in) >= 0) {
                answer.write(in.array(), 0, in.position());
                in.clear();
            }
            return JSON.readTree(answer.toString(StandardCharsets.UTF_8));
        } finally {
            FileCalls.get().close(dir);
        }
    }
}

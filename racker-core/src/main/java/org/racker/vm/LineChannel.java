package org.racker.vm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A line-oriented conversation over one of QEMU's unix sockets (the agent's channel, QMP). A
 * reader thread queues whole lines, so a caller can wait for one with a timeout; a 0xFF byte
 * (the agent's sync delimiter) drops the partial line before it.
 */
final class LineChannel implements AutoCloseable {
    private static final String CLOSED = new String("closed");

    private final SocketChannel channel;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;

    private LineChannel(SocketChannel channel, String name) {
        this.channel = channel;
        this.reader = new Thread(this::readLines, name);
        reader.setDaemon(true);
        reader.start();
    }

    static LineChannel connect(Path socket, String name) throws IOException {
        SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        return new LineChannel(ch, name);
    }

    void send(String line) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        synchronized (channel) {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        }
    }

    /** The next line; empty when none came within {@code timeout}. */
    Optional<String> receive(Duration timeout) throws IOException, InterruptedException {
        String line = lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (line == CLOSED) {
            lines.add(CLOSED); // every later call sees the end too
            throw new IOException("the connection was closed");
        }
        return Optional.ofNullable(line);
    }

    private void readLines() {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            while (channel.read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    int b = buf.get() & 0xFF;
                    if (b == AgentProtocol.SYNC_DELIMITER) {
                        line.reset();
                    } else if (b == '\n') {
                        String text = line.toString(StandardCharsets.UTF_8).strip();
                        line.reset();
                        if (!text.isEmpty()) {
                            lines.add(text);
                        }
                    } else {
                        line.write(b);
                    }
                }
                buf.clear();
            }
        } catch (IOException e) {
            // closed by us or by QEMU: either way the conversation is over
        } finally {
            lines.add(CLOSED);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing more to say over it
        }
    }
}

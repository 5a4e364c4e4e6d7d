package org.racker.vm;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** QEMU's machine monitor (QMP) of one VM: powering it off or ending it. */
final class QmpClient implements AutoCloseable {
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);

    private final LineChannel channel;

    private QmpClient(LineChannel channel) {
        this.channel = channel;
    }

    /** Connects and leaves negotiation mode, so that commands are accepted. */
    static QmpClient connect(Path socket) throws VmException, InterruptedException {
        LineChannel ch;
        try {
            ch = LineChannel.connect(socket, "racker-qmp");
        } catch (IOException e) {
            throw new VmException("cannot reach QEMU's monitor at " + socket + ": " + e.getMessage(), e);
        }
        QmpClient client = new QmpClient(ch);
        try {
            String greeting = client.next();
            if (!QmpProtocol.isGreeting(greeting)) {
                throw new VmException("QEMU's monitor did not greet: " + greeting);
            }
            client.call(QmpProtocol.capabilities());
            return client;
        } catch (VmException | InterruptedException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Presses the ACPI power button. */
    void powerdown() throws VmException, InterruptedException {
        call(QmpProtocol.powerdown());
    }

    /** Ends QEMU at once; its reply may not make it out before the socket closes. */
    void quit() throws InterruptedException {
        try {
            channel.send(QmpProtocol.quit());
        } catch (IOException e) {
            // QEMU is gone already
        }
    }

    private void call(String command) throws VmException, InterruptedException {
        try {
            channel.send(command);
        } catch (IOException e) {
            throw new VmException("QEMU's monitor closed: " + e.getMessage(), e);
        }
        while (true) {
            String line = next();
            if (!QmpProtocol.isEvent(line)) {
                QmpProtocol.returnValue(line);
                return;
            }
        }
    }

    private String next() throws VmException, InterruptedException {
        try {
            Optional<String> line = channel.receive(REPLY_TIMEOUT);
            if (line.isEmpty()) {
                throw new VmTimeoutException("QEMU's monitor did not answer");
            }
            return line.get();
        } catch (IOException e) {
            throw new VmException("QEMU's monitor closed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        channel.close();
    }
}

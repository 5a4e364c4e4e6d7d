package org.racker.vm;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.racker.RackerException;
import org.racker.CommandNotExecutableException;
import org.racker.CommandNotFoundException;

/**
 * The QEMU guest agent in a running VM, reached over its virtio-serial port's host socket:
 * commands run and files read and written through it. One caller at a time.
 */
final class GuestAgent implements AutoCloseable {
    /** How long one reply may take once the agent is up. */
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(60);
    /** The longest wait for a sync's reply before it is sent again. */
    private static final Duration MAX_SYNC_WAIT = Duration.ofSeconds(8);
    /** A file is moved in pieces of this size (the agent caps a read at 48 MiB). */
    private static final int CHUNK = 1024 * 1024;

    private final LineChannel channel;
    private long nextSyncId = System.nanoTime() & 0xffffffffL;

    private GuestAgent(LineChannel channel) {
        this.channel = channel;
    }

    static GuestAgent connect(Path socket) throws IOException {
        return new GuestAgent(LineChannel.connect(socket, "racker-guest-agent"));
    }

    /**
     * Waits until the agent in the guest answers: until then what is sent waits in the
     * channel, and every sync is answered once the agent reads it, so only the reply to the
     * latest one counts.
     */
    void awaitReady(long deadlineNanos, java.util.function.BooleanSupplier qemuAlive)
            throws VmException, InterruptedException {
        // until the guest opens its port, what is sent fills the socket's buffer: a sync whose
        // reply does not come is sent again less and less often, so a slow boot never fills it
        Duration wait = Duration.ofSeconds(1);
        try {
            while (true) {
                if (!qemuAlive.getAsBoolean()) {
                    throw new VmException("QEMU exited before its guest agent answered");
                }
                long id = nextSyncId++;
                channel.send(AgentProtocol.sync(id));
                long tryUntil = Math.min(deadlineNanos, System.nanoTime() + wait.toNanos());
                wait = wait.multipliedBy(2).compareTo(MAX_SYNC_WAIT) > 0 ? MAX_SYNC_WAIT : wait.multipliedBy(2);
                while (true) {
                    long left = tryUntil - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    Optional<String> line = channel.receive(Duration.ofNanos(left));
                    if (line.isPresent() && AgentProtocol.isSyncReply(line.get(), id)) {
                        return;
                    }
                }
                if (System.nanoTime() >= deadlineNanos) {
                    throw new VmTimeoutException("the guest agent did not answer");
                }
            }
        } catch (IOException e) {
            throw new VmException("the guest agent's channel closed while the VM booted: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code command} to its end with {@code input} on its stdin. A command that cannot
     * be started fails as docker's rules say: not found (127), not executable (126).
     */
    GuestExecResult exec(List<String> command, List<String> env, byte[] input)
            throws RackerException, InterruptedException {
        long pid;
        try {
            pid = AgentProtocol.pid(call(AgentProtocol.exec(command.get(0), command.subList(1, command.size()), env,
                    input)));
        } catch (AgentException e) {
            throw startFailure(command.get(0), e);
        }
        long pause = 5;
        while (true) {
            Optional<GuestExecResult> result = AgentProtocol.execResult(call(AgentProtocol.execStatus(pid)));
            if (result.isPresent()) {
                return result.get();
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 100);
        }
    }

    /** Starts {@code command} and returns at once; its output is not kept. */
    void start(List<String> command, List<String> env) throws RackerException, InterruptedException {
        try {
            call(AgentProtocol.exec(command.get(0), command.subList(1, command.size()), env, null, false));
        } catch (AgentException e) {
            throw startFailure(command.get(0), e);
        }
    }

    /** Maps the agent's spawn error (GLib's message, with the errno's text) to docker's cases. */
    static RackerException startFailure(String command, AgentException e) {
        String desc = e.getMessage();
        if (desc.contains("(No such file or directory)")) {
            return new CommandNotFoundException(command);
        }
        if (desc.contains("(Permission denied)") || desc.contains("(Is a directory)")
                || desc.contains("(Exec format error)")) {
            return new CommandNotExecutableException(command);
        }
        return new VmException("cannot run " + command + " in the VM: " + desc, e);
    }

    byte[] readFile(String path) throws VmException, InterruptedException {
        long handle = AgentProtocol.handle(call(AgentProtocol.fileOpen(path, "r")));
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                AgentProtocol.FileChunk chunk = AgentProtocol.chunk(call(AgentProtocol.fileRead(handle, CHUNK)));
                out.write(chunk.data(), 0, chunk.data().length);
                if (chunk.eof() || chunk.data().length == 0) {
                    return out.toByteArray();
                }
            }
        } finally {
            call(AgentProtocol.fileClose(handle));
        }
    }

    void writeFile(String path, byte[] content) throws VmException, InterruptedException {
        long handle = AgentProtocol.handle(call(AgentProtocol.fileOpen(path, "w")));
        try {
            for (int off = 0; off < content.length; off += CHUNK) {
                byte[] piece = java.util.Arrays.copyOfRange(content, off, Math.min(content.length, off + CHUNK));
                call(AgentProtocol.fileWrite(handle, piece));
            }
        } finally {
            call(AgentProtocol.fileClose(handle));
        }
    }

    /** Asks the guest's init to power off; the agent does not answer this one. */
    void shutdown() throws IOException {
        channel.send(AgentProtocol.shutdown());
    }

    private JsonNode call(String request) throws VmException, InterruptedException {
        try {
            channel.send(request);
            Optional<String> line = channel.receive(REPLY_TIMEOUT);
            if (line.isEmpty()) {
                throw new VmTimeoutException("the guest agent did not answer " + request);
            }
            return AgentProtocol.returnValue(line.get());
        } catch (IOException e) {
            throw new VmException("the guest agent's channel closed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        channel.close();
    }
}

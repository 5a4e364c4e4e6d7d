package org.racker.vm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The QEMU guest agent's messages (qemu-ga's QAPI schema, {@code qga/qapi-schema.json}): one
 * JSON object a line each way. Requests are built here and replies read here, so the client
 * only moves lines.
 *
 * <p>Readiness: {@code guest-sync-delimited} is answered with a 0xFF byte before the reply, so
 * a client that connected before the agent started can skip whatever is in the channel up to
 * that byte and then wait for the reply carrying its own id.
 */
final class AgentProtocol {
    /** Put before the reply to {@code guest-sync-delimited}. */
    static final int SYNC_DELIMITER = 0xFF;

    private static final ObjectMapper JSON = new ObjectMapper();

    private AgentProtocol() { }

    static String sync(long id) {
        return request("guest-sync-delimited", args().put("id", id));
    }

    static String ping() {
        return request("guest-ping", null);
    }

    /**
     * Starts {@code path} with {@code args}; {@code path} is searched in the agent's $PATH when
     * it has no slash. {@code env} replaces the agent's environment; {@code input} (may be null)
     * is written to the command's stdin, which is then closed.
     */
    static String exec(String path, List<String> args, List<String> env, byte[] input) {
        return exec(path, args, env, input, true);
    }

    /** With {@code capture} false, the command's output is not kept (a command started and left running). */
    static String exec(String path, List<String> args, List<String> env, byte[] input, boolean capture) {
        ObjectNode a = args().put("path", path);
        ArrayNode arg = a.putArray("arg");
        args.forEach(arg::add);
        ArrayNode e = a.putArray("env");
        env.forEach(e::add);
        if (input != null && input.length > 0) {
            a.put("input-data", Base64.getEncoder().encodeToString(input));
        }
        a.put("capture-output", capture);
        return request("guest-exec", a);
    }

    static String execStatus(long pid) {
        return request("guest-exec-status", args().put("pid", pid));
    }

    static String fileOpen(String path, String mode) {
        return request("guest-file-open", args().put("path", path).put("mode", mode));
    }

    static String fileRead(long handle, int count) {
        return request("guest-file-read", args().put("handle", handle).put("count", count));
    }

    static String fileWrite(long handle, byte[] data) {
        return request("guest-file-write", args().put("handle", handle)
                .put("buf-b64", Base64.getEncoder().encodeToString(data)));
    }

    static String fileClose(long handle) {
        return request("guest-file-close", args().put("handle", handle));
    }

    /** An orderly poweroff by the guest's own init; the agent sends no reply when it works. */
    static String shutdown() {
        return request("guest-shutdown", args().put("mode", "powerdown"));
    }

    /** The reply's {@code return} value; an agent error as an exception with its description. */
    static JsonNode returnValue(String line) throws AgentException {
        JsonNode reply = parse(line);
        if (reply.has("error")) {
            JsonNode error = reply.get("error");
            throw new AgentException(error.path("class").asText("GenericError"), error.path("desc").asText(line));
        }
        if (!reply.has("return")) {
            throw new AgentException("ProtocolError", "the guest agent sent an unexpected reply: " + line);
        }
        return reply.get("return");
    }

    /** Whether {@code line} is the reply to {@link #sync} with {@code id}. */
    static boolean isSyncReply(String line, long id) {
        try {
            JsonNode reply = JSON.readTree(line);
            return reply != null && reply.path("return").isIntegralNumber() && reply.get("return").asLong() == id;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    static long pid(JsonNode execReturn) throws AgentException {
        return requireLong(execReturn, "pid");
    }

    /** guest-exec-status: empty while the command runs. */
    static Optional<GuestExecResult> execResult(JsonNode status) {
        if (!status.path("exited").asBoolean(false)) {
            return Optional.empty();
        }
        // a command ended by a signal has no exit code: the shell's (and docker's) 128 + signal
        int exitCode = status.has("exitcode") ? status.get("exitcode").asInt()
                : 128 + status.path("signal").asInt(0);
        return Optional.of(new GuestExecResult(exitCode, decode(status, "out-data"), decode(status, "err-data"),
                status.path("out-truncated").asBoolean(false) || status.path("err-truncated").asBoolean(false)));
    }

    static long handle(JsonNode openReturn) throws AgentException {
        if (!openReturn.isIntegralNumber()) {
            throw new AgentException("ProtocolError", "guest-file-open returned no handle: " + openReturn);
        }
        return openReturn.asLong();
    }

    /** guest-file-read: the bytes read, and whether the file's end was reached. */
    static FileChunk chunk(JsonNode readReturn) {
        return new FileChunk(decode(readReturn, "buf-b64"), readReturn.path("eof").asBoolean(false));
    }

    record FileChunk(byte[] data, boolean eof) { }

    private static byte[] decode(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? new byte[0] : Base64.getDecoder().decode(value.asText());
    }

    private static long requireLong(JsonNode node, String field) throws AgentException {
        if (!node.path(field).isIntegralNumber()) {
            throw new AgentException("ProtocolError", "the guest agent's reply lacks \"" + field + "\": " + node);
        }
        return node.get(field).asLong();
    }

    private static ObjectNode args() {
        return JSON.createObjectNode();
    }

    private static String request(String command, ObjectNode arguments) {
        ObjectNode r = JSON.createObjectNode().put("execute", command);
        if (arguments != null) {
            r.set("arguments", arguments);
        }
        return r.toString();
    }

    static JsonNode parse(String line) throws AgentException {
        try {
            JsonNode node = JSON.readTree(line);
            if (node == null || !node.isObject()) {
                throw new AgentException("ProtocolError", "not a JSON object: " + line);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new AgentException("ProtocolError", "unreadable reply: " + line);
        }
    }
}

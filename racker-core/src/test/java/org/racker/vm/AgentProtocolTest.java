package org.racker.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.racker.CommandNotExecutableException;
import org.racker.CommandNotFoundException;

/** The guest agent's messages against lines recorded from qemu-ga 7.2 (Debian bookworm). */
class AgentProtocolTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void syncCarriesItsId() throws Exception {
        JsonNode r = JSON.readTree(AgentProtocol.sync(42));
        assertThat(r.get("execute").asText()).isEqualTo("guest-sync-delimited");
        assertThat(r.get("arguments").get("id").asLong()).isEqualTo(42);
    }

    @Test
    void syncReplyMatchedByIdOnly() {
        // what the agent sends after the 0xFF delimiter, for each sync it read
        assertThat(AgentProtocol.isSyncReply("{\"return\": 32}", 32)).isTrue();
        assertThat(AgentProtocol.isSyncReply("{\"return\": 31}", 32)).isFalse();
        assertThat(AgentProtocol.isSyncReply("{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON parse error,"
                + " stray '\\uFFFD'\"}}", 32)).isFalse();
        assertThat(AgentProtocol.isSyncReply("{\"retu", 32)).isFalse();
    }

    @Test
    void execRequestCarriesArgumentsEnvironmentAndInput() throws Exception {
        JsonNode r = JSON.readTree(AgentProtocol.exec("sh", List.of("-c", "cat"), List.of("A=1", "we.ird=x"),
                "hello\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.get("execute").asText()).isEqualTo("guest-exec");
        JsonNode a = r.get("arguments");
        assertThat(a.get("path").asText()).isEqualTo("sh");
        assertThat(a.get("arg").toString()).isEqualTo("[\"-c\",\"cat\"]");
        assertThat(a.get("env").toString()).isEqualTo("[\"A=1\",\"we.ird=x\"]");
        assertThat(a.get("input-data").asText()).isEqualTo("aGVsbG8K");
        assertThat(a.get("capture-output").asBoolean()).isTrue();
    }

    @Test
    void execWithoutInputSendsNoInputData() throws Exception {
        JsonNode a = JSON.readTree(AgentProtocol.exec("true", List.of(), List.of(), new byte[0])).get("arguments");
        assertThat(a.has("input-data")).isFalse();
    }

    @Test
    void execReplyGivesPid() throws Exception {
        assertThat(AgentProtocol.pid(AgentProtocol.returnValue("{\"return\": {\"pid\": 206}}"))).isEqualTo(206);
    }

    @Test
    void runningCommandHasNoResult() throws Exception {
        assertThat(AgentProtocol.execResult(AgentProtocol.returnValue("{\"return\": {\"exited\": false}}"))).isEmpty();
    }

    @Test
    void exitedCommandGivesStatusAndBytesUnchanged() throws Exception {
        // out-data "hello\n", err-data "err\n" plus a byte that is not UTF-8 (0xff)
        GuestExecResult r = AgentProtocol.execResult(AgentProtocol.returnValue("{\"return\": {\"exitcode\": 3,"
                + " \"out-data\": \"aGVsbG8K\", \"err-data\": \"ZXJyCv8=\", \"exited\": true}}")).orElseThrow();
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("hello\n".getBytes(StandardCharsets.UTF_8));
        assertThat(r.stderr()).isEqualTo(new byte[] {'e', 'r', 'r', '\n', (byte) 0xff});
        assertThat(r.truncated()).isFalse();
    }

    @Test
    void exitedWithoutOutputGivesEmptyBytes() throws Exception {
        GuestExecResult r = AgentProtocol.execResult(AgentProtocol.returnValue(
                "{\"return\": {\"exitcode\": 0, \"exited\": true}}")).orElseThrow();
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void killedBySignalIs128PlusSignal() throws Exception {
        GuestExecResult r = AgentProtocol.execResult(AgentProtocol.returnValue(
                "{\"return\": {\"exited\": true, \"signal\": 9}}")).orElseThrow();
        assertThat(r.exitCode()).isEqualTo(137);
    }

    @Test
    void truncatedOutputIsReported() throws Exception {
        GuestExecResult r = AgentProtocol.execResult(AgentProtocol.returnValue("{\"return\": {\"exitcode\": 0,"
                + " \"out-data\": \"eA==\", \"out-truncated\": true, \"exited\": true}}")).orElseThrow();
        assertThat(r.truncated()).isTrue();
    }

    @Test
    void errorReplyBecomesExceptionWithDescription() {
        assertThatThrownBy(() -> AgentProtocol.returnValue("{\"error\": {\"class\": \"GenericError\", \"desc\":"
                + " \"Invalid parameter 'pid'\"}}"))
                .isInstanceOf(AgentException.class).hasMessage("Invalid parameter 'pid'")
                .extracting(e -> ((AgentException) e).errorClass()).isEqualTo("GenericError");
    }

    @Test
    void replyWithoutReturnIsProtocolError() {
        assertThatThrownBy(() -> AgentProtocol.returnValue("{\"QMP\": {}}")).isInstanceOf(AgentException.class)
                .hasMessageContaining("unexpected reply");
        assertThatThrownBy(() -> AgentProtocol.returnValue("not json")).isInstanceOf(AgentException.class);
    }

    @Test
    void missingCommandIs127NotExecutableIs126() throws Exception {
        AgentException notFound = errorOf("{\"error\": {\"class\": \"GenericError\", \"desc\": \"Guest agent command"
                + " failed, error was 'Failed to execute child process \\u201Cnosuch\\u201D (No such file or"
                + " directory)'\"}}");
        AgentException denied = errorOf("{\"error\": {\"class\": \"GenericError\", \"desc\": \"Guest agent command"
                + " failed, error was 'Failed to execute child process \\u201C/etc/debian_version\\u201D (Permission"
                + " denied)'\"}}");
        assertThat(GuestAgent.startFailure("nosuch", notFound)).isInstanceOf(CommandNotFoundException.class);
        assertThat(GuestAgent.startFailure("/etc/debian_version", denied))
                .isInstanceOf(CommandNotExecutableException.class);
        assertThat(GuestAgent.startFailure("x", new AgentException("GenericError", "something else")))
                .isInstanceOf(VmException.class).hasMessageContaining("something else");
    }

    @Test
    void fileCalls() throws Exception {
        assertThat(JSON.readTree(AgentProtocol.fileOpen("/etc/hostname", "r")).toString()).isEqualTo(
                "{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\"/etc/hostname\",\"mode\":\"r\"}}");
        assertThat(AgentProtocol.handle(AgentProtocol.returnValue("{\"return\": 1000}"))).isEqualTo(1000);
        assertThat(JSON.readTree(AgentProtocol.fileWrite(1000, new byte[] {'h', 'i'})).get("arguments")
                .get("buf-b64").asText()).isEqualTo("aGk=");
        AgentProtocol.FileChunk chunk = AgentProtocol.chunk(AgentProtocol.returnValue(
                "{\"return\": {\"count\": 2, \"buf-b64\": \"aGk=\", \"eof\": true}}"));
        assertThat(chunk.data()).isEqualTo(new byte[] {'h', 'i'});
        assertThat(chunk.eof()).isTrue();
        assertThat(JSON.readTree(AgentProtocol.fileClose(1000)).get("arguments").get("handle").asLong()).isEqualTo(1000);
        assertThatThrownBy(() -> AgentProtocol.handle(AgentProtocol.returnValue("{\"return\": {}}")))
                .isInstanceOf(AgentException.class);
    }

    private static AgentException errorOf(String line) {
        try {
            AgentProtocol.returnValue(line);
        } catch (AgentException e) {
            return e;
        }
        throw new AssertionError("no error in " + line);
    }
}

package org.racker.nativeio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NotifySocketTest {
    @Test
    void parsesAssignments() {
        NotifyMessage m = NotifyMessage.parse("STATUS=Container running.\nX_NSPAWN_LEADER_PID=5702");
        assertThat(m.get("X_NSPAWN_LEADER_PID")).contains("5702");
        assertThat(m.isReady()).isFalse();
        assertThat(NotifyMessage.parse("READY=1\n").isReady()).isTrue();
    }

    @Test
    void receivesWhatIsSentToItsAbstractAddress() {
        try (NotifySocket socket = NotifySocket.bind("racker-test/" + ProcessHandle.current().pid() + "/" + System.nanoTime())) {
            assertThat(socket.environmentValue()).startsWith("@racker-test/");
            socket.wake("READY=1\nX_A=b");
            NotifyMessage m = socket.receive(Duration.ofSeconds(5)).orElseThrow();
            assertThat(m.isReady()).isTrue();
            assertThat(m.get("X_A")).contains("b");
        }
    }

    @Test
    void receiveTimesOutWithNothing() {
        try (NotifySocket socket = NotifySocket.bind("racker-test/" + ProcessHandle.current().pid() + "/t" + System.nanoTime())) {
            long t0 = System.nanoTime();
            assertThat(socket.receive(Duration.ofMillis(300))).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        }
    }
}

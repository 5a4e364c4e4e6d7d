package org.racker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The waiting logic against a fake container whose answers the test scripts. */
class WaitStrategyTest {

    /** Answers commands from a script, one answer per look; the last one repeats. */
    static final class FakeTarget implements WaitTarget {
        final Deque<ExecResult> answers = new ArrayDeque<>();
        String log = "";
        boolean running = true;
        int looks;

        FakeTarget answer(int status, String out, String err) {
            answers.add(new ExecResult(status, out.getBytes(), err.getBytes()));
            return this;
        }

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public long leaderPid() {
            return 0;
        }

        @Override
        public ExecResult exec(Command command) {
            looks++;
            return answers.size() > 1 ? answers.poll() : answers.peek();
        }

        @Override
        public String logs() {
            return log;
        }
    }

    @Test
    void unitActiveIsMetOnceTheUnitIsActive() throws Exception {
        FakeTarget target = new FakeTarget().answer(3, "activating\n", "").answer(3, "activating\n", "")
                .answer(0, "active\n", "");

        WaitStrategy.unitActive("nginx.service").await(target);

        assertThat(target.looks).isEqualTo(3);
    }

    @Test
    void timeoutNamesWhatWasAwaitedAndLastSeen() {
        FakeTarget target = new FakeTarget().answer(3, "failed\n", "");
        target.log = "one\ntwo\nnginx: bind() failed\n";

        assertThatThrownBy(() -> WaitStrategy.unitActive("nginx.service").withTimeout(Duration.ofMillis(200))
                .await(target))
                .isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
                    assertThat(e.getMessage()).startsWith("container fake: unit nginx.service active not reached"
                            + " within 200 ms; last seen: failed");
                    assertThat(e.awaited()).isEqualTo("unit nginx.service active");
                    assertThat(e.lastSeen()).isEqualTo("failed");
                    assertThat(e.logTail()).endsWith("nginx: bind() failed");
                });
    }

    @Test
    void aContainerThatEndsEndsTheWaitAtOnce() {
        FakeTarget target = new FakeTarget().answer(1, "", "no such file");
        target.running = false;

        assertThatThrownBy(() -> WaitStrategy.commandSucceeds("test", "-e", "/ready").await(target))
                .isInstanceOf(WaitTimeoutException.class)
                .hasMessage("container fake ended while waiting for command \"test -e /ready\" succeeding;"
                        + " last seen: exit 1: no such file");
        assertThat(target.looks).isEqualTo(1);
    }

    @Test
    void httpStatusReadsCurlAndHandWrittenAnswers() throws Exception {
        WaitStrategy ok = WaitStrategy.httpStatus("http://localhost:8080/health", 200).withTimeout(Duration.ofMillis(300));
        ok.await(new FakeTarget().answer(0, "200", ""));
        ok.await(new FakeTarget().answer(0, "HTTP/1.1 200 OK\r\n", ""));

        assertThatThrownBy(() -> ok.await(new FakeTarget().answer(0, "HTTP/1.0 503 Service Unavailable", "")))
                .hasMessageContaining("HTTP 200 from http://localhost:8080/health not reached")
                .hasMessageContaining("last seen: HTTP 503");
        assertThatThrownBy(() -> ok.await(new FakeTarget().answer(7, "", "Connection refused")))
                .hasMessageContaining("last seen: no answer (exit 7: Connection refused)");
    }

    @Test
    void logLineSearchesTheWholeLog() throws Exception {
        FakeTarget target = new FakeTarget();
        target.log = "a\nStarted nginx.service\nb\n";

        WaitStrategy.logLine("Started .*nginx").await(target);

        target.log = "booting\n";
        assertThatThrownBy(() -> WaitStrategy.logLine("never").withTimeout(Duration.ofMillis(50)).await(target))
                .hasMessageContaining("last seen: last line \"booting\"");
    }

    @Test
    void listeningPortsComeFromTheListenStateOnly() {
        List<String> table = List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1",
                "   1: 0100007F:0016 0100007F:D2A4 01 00000000:00000000 00:00000000 00000000     0        0 2 1");

        assertThat(WaitStrategy.listeningIn(table)).containsExactly(8080);
    }

    @Test
    void valuesCompareByWhatTheyAwaitAndTheirTimeout() {
        assertThat(WaitStrategy.unitActive("a.service")).isEqualTo(WaitStrategy.unitActive("a.service"));
        assertThat(WaitStrategy.unitActive("a.service").withTimeout(Duration.ofSeconds(5)))
                .isNotEqualTo(WaitStrategy.unitActive("a.service"))
                .hasToString("unit a.service active (5 s)");
        assertThatThrownBy(() -> WaitStrategy.portListening(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WaitStrategy.httpStatus("ftp://x/", 200)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readyWithATimeoutReplacesTheBootTimeout() {
        ContainerConfig config = ContainerConfig.builder(Image.named("x"))
                .waitingFor(WaitStrategy.ready().withTimeout(Duration.ofSeconds(7))).build();

        assertThat(config.readyTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(ContainerConfig.of(Image.named("x")).readyTimeout()).isEqualTo(ContainerConfig.DEFAULT_BOOT_TIMEOUT);
        assertThat(config.toBuilder().build().waitStrategies()).isEqualTo(config.waitStrategies());
    }
}

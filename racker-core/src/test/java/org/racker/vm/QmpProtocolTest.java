package org.racker.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** QMP against lines recorded from QEMU 7.2 (Debian bookworm). */
class QmpProtocolTest {
    private static final String GREETING = "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 22, \"minor\": 2,"
            + " \"major\": 7}, \"package\": \"Debian 1:7.2+dfsg-7+deb12u18+b3\"}, \"capabilities\": [\"oob\"]}}";

    @Test
    void greetingRecognised() throws Exception {
        assertThat(QmpProtocol.isGreeting(GREETING)).isTrue();
        assertThat(QmpProtocol.isGreeting("{\"return\": {}}")).isFalse();
    }

    @Test
    void eventsAreNotReplies() throws Exception {
        String event = "{\"timestamp\": {\"seconds\": 1796494722, \"microseconds\": 52242}, \"event\": \"POWERDOWN\"}";
        assertThat(QmpProtocol.isEvent(event)).isTrue();
        assertThat(QmpProtocol.event(event)).isEqualTo("POWERDOWN");
        assertThat(QmpProtocol.isEvent("{\"return\": {}}")).isFalse();
    }

    @Test
    void commands() {
        assertThat(QmpProtocol.capabilities()).isEqualTo("{\"execute\":\"qmp_capabilities\"}");
        assertThat(QmpProtocol.powerdown()).isEqualTo("{\"execute\":\"system_powerdown\"}");
        assertThat(QmpProtocol.quit()).isEqualTo("{\"execute\":\"quit\"}");
    }

    @Test
    void errorReplyThrows() throws Exception {
        assertThat(QmpProtocol.returnValue("{\"return\": {}}").isEmpty()).isTrue();
        assertThatThrownBy(() -> QmpProtocol.returnValue("{\"error\": {\"class\": \"CommandNotFound\", \"desc\":"
                + " \"Expecting capabilities negotiation with 'qmp_capabilities'\"}}"))
                .isInstanceOf(AgentException.class).hasMessageContaining("qmp_capabilities");
    }
}

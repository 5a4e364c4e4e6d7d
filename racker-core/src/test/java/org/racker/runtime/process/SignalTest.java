package org.racker.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.racker.InvalidArgumentException;

class SignalTest {
    @Test
    void namesWithOrWithoutThePrefixAndNumbers() throws Exception {
        assertThat(Signal.parse("KILL")).isEqualTo(Signal.KILL);
        assertThat(Signal.parse("sigterm")).isEqualTo(Signal.TERM);
        assertThat(Signal.parse("9")).isEqualTo(Signal.KILL);
        assertThat(Signal.parse("HUP").number()).isEqualTo(1);
        assertThat(Signal.parse("USR1").number()).isEqualTo(10);
        assertThat(Signal.parse("WINCH").number()).isEqualTo(28);
        assertThat(Signal.parse("SYS").number()).isEqualTo(31);
    }

    @Test
    void realTimeSignalsCountFromGlibcsRtmin() throws Exception {
        assertThat(Signal.parse("RTMIN").number()).isEqualTo(34);
        assertThat(Signal.parse("SIGRTMIN+3").number()).isEqualTo(37);
        assertThat(Signal.parse("RTMAX").number()).isEqualTo(64);
        assertThat(Signal.parse("RTMAX-2").number()).isEqualTo(62);
        assertThat(new Signal(37).name()).isEqualTo("RTMIN+3");
        assertThat(new Signal(62).name()).isEqualTo("RTMAX-2");
        assertThat(Signal.KILL).hasToString("SIGKILL");
    }

    @Test
    void nonsenseIsOneLineSayingWhatToUse() {
        for (String bad : new String[] {"NOPE", "0", "65", "RTMIN+99", "", "-9"}) {
            assertThatThrownBy(() -> Signal.parse(bad)).as(bad).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageStartingWith("invalid signal").hasMessageContaining("TERM").hasMessageNotContaining("\n");
        }
    }
}

package org.racker.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.racker.api.Container;

/** The condition against a faked host: tests are disabled with its reason, never failed. */
class HostConditionTest {
    /** A host as racker's probe would describe it, with the answer the test chooses. */
    static HostCondition.HostCheck fakeHost(String unsupportedReason) {
        return () -> Optional.ofNullable(unsupportedReason);
    }

    @Test
    void hostWithoutRootDisablesWithTheReason() {
        ConditionEvaluationResult result = new HostCondition(fakeHost(
                "racker must run as root (systemd-nspawn needs it): run it with sudo")).evaluate();

        assertThat(result.isDisabled()).isTrue();
        assertThat(result.getReason().orElseThrow()).contains("racker cannot run containers on this host: racker must run as root"
                + " (systemd-nspawn needs it): run it with sudo");
    }

    @Test
    void hostWithoutNspawnDisablesWithTheReason() {
        ConditionEvaluationResult result = new HostCondition(fakeHost("systemd-nspawn was not found")).evaluate();

        assertThat(result.isDisabled()).isTrue();
        assertThat(result.getReason().orElseThrow()).contains("systemd-nspawn was not found");
    }

    @Test
    void capableHostEnables() {
        assertThat(new HostCondition(fakeHost(null)).evaluate().isDisabled()).isFalse();
    }

    @Test
    void logTailKeepsTheLastLines() {
        StringBuilder log = new StringBuilder();
        for (int i = 1; i <= 100; i++) {
            log.append("line ").append(i).append('\n');
        }

        String tail = RackerExtension.tail(log.toString());

        assertThat(tail).startsWith("line 61\n").endsWith("line 100");
    }

    /** A class for a host that is not root: an image that does not exist shows nothing is started. */
    static class OnAHostWithoutRoot {
        @RegisterExtension
        static RackerExtension racker = new RackerExtension(new HostCondition(fakeHost("racker must run as root")));

        @OsContainer(image = "/nonexistent")
        static Container container;

        @Test
        void neverRuns() {
            throw new AssertionError("ran on a host that cannot run containers");
        }
    }

    @Test
    void classOnAHostThatCannotRunContainersIsSkippedWithTheReason() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(OnAHostWithoutRoot.class)).execute()
                .containerEvents().assertThatEvents()
                .haveExactly(1, event(container(OnAHostWithoutRoot.class),
                        skippedWithReason("racker cannot run containers on this host: racker must run as root")));
    }
}

package org.racker.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.racker.api.Container;
import org.racker.testing.Leaks;
import org.racker.testing.TestRootfs;

/**
 * {@code @OsContainer(vm = true)}: the test gets a {@link Container} on a QEMU VM of the
 * bookworm test root, in the test cache's VM state root (where its VM image is kept), one boot.
 */
@Tag("integration")
@Tag("vm")
@Tag("slow")
@Timeout(value = 15, unit = TimeUnit.MINUTES) // a VM boot under software emulation on a busy machine
class VmExtensionIT {
    /** In the environment of this test's VMs: other tests' VMs may run in the same state root meanwhile. */
    static final String MARK = "RACKER_TEST=VmExtensionIT";

    static final List<String> SEEN = Collections.synchronizedList(new ArrayList<>());

    private final Path state = TestRootfs.vmStateRoot();

    private EngineExecutionResults run(Class<?> fixture) {
        SEEN.clear();
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture))
                .configurationParameter(RackerExtension.ROOT_PARAMETER, state.toString())
                .configurationParameter("racker.test.bookworm", TestRootfs.bookworm().toString())
                .execute();
    }

    @RackerTest
    static class InAVm {
        @OsContainer(image = "${racker.test.bookworm}", vm = true, env = {"WHERE=guest", MARK},
                waitForUnits = "systemd-journald")
        static Container vm;

        @Test
        void commandsRunInTheGuest() throws Exception {
            SEEN.add(vm.exec("sh", "-c", "echo \"$WHERE $(uname -r)\"").stdoutText().strip());
        }
    }

    @Test
    void aTestGetsAVmWhoseCommandsRunInItsOwnKernel() {
        run(InAVm.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(SEEN).singleElement().asString().startsWith("guest ").endsWith("-cloud-amd64");
        assertThat(Leaks.ofVmsUnder(state, MARK)).isEmpty();
    }

    @RackerTest
    static class PortsOfAVm {
        @OsContainer(image = "${racker.test.bookworm}", vm = true, waitForPorts = 80)
        static Container vm;

        @Test
        void never() {
            SEEN.add("ran");
        }
    }

    @Test
    void waitingForAPortOfAVmIsAConfigurationErrorBeforeAnythingBoots() {
        run(PortsOfAVm.class).containerEvents().assertThatEvents().haveExactly(1,
                event(finishedWithFailure(message(m -> m.contains("waitForPorts") && m.contains("waitForUnits")))));
        assertThat(SEEN).isEmpty();
        assertThat(Leaks.ofVmsUnder(state, MARK)).isEmpty();
    }
}

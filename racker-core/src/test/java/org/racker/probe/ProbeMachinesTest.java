package org.racker.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.racker.InvalidArgumentException;
import org.racker.vm.VmOptions;

class ProbeMachinesTest {
    @Test
    void withoutVmTheProbesRunInContainers() throws Exception {
        assertThat(ProbeMachines.of(false, null, null, null)).isEqualTo(ProbeMachines.containers());
        assertThat(ProbeMachines.of(false, null, null, "host").vm()).as("a container's network is its own business")
                .isFalse();
        assertThat(ProbeMachines.containers().vmOptions()).isNull();
    }

    @Test
    void vmTakesTheDefaultsOrItsSizes() throws Exception {
        assertThat(ProbeMachines.of(true, null, null, null).vm()).isTrue();
        assertThat(ProbeMachines.of(true, null, null, null).vmOptions()).isEqualTo(VmOptions.DEFAULT);
        assertThat(ProbeMachines.of(true, "1g", 2, null).vmOptions()).isEqualTo(new VmOptions(1024, 2));
    }

    @Test
    void sizesWithoutVmAreRefused() {
        assertThatThrownBy(() -> ProbeMachines.of(false, "1g", null, null)).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("--memory and --cpus size a VM: add --vm");
        assertThatThrownBy(() -> ProbeMachines.of(false, null, 2, null)).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void aVmTakesNoNetworkAndSaneSizesOnly() {
        assertThatThrownBy(() -> ProbeMachines.of(true, null, null, "host"))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("leave out --network");
        assertThatThrownBy(() -> ProbeMachines.of(true, null, 0, null)).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("--cpus must be at least 1");
        assertThatThrownBy(() -> ProbeMachines.of(true, "64m", null, null))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("a VM needs at least 128m");
    }
}

package org.racker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.racker.InvalidArgumentException;
import org.racker.vm.VmOptions;

class ProbeVmOptionTest {
    private static ProbeVmOption option(boolean vm, String memory, Integer cpus) {
        ProbeVmOption option = new ProbeVmOption();
        option.vm = vm;
        option.memory = memory;
        option.cpus = cpus;
        return option;
    }

    @Test
    void withoutVmThereAreNoVmOptions() throws Exception {
        assertThat(option(false, null, null).options(null)).isNull();
        assertThat(option(false, null, null).options("host")).as("a container's network is its own business").isNull();
    }

    @Test
    void vmTakesTheDefaultsOrItsSizes() throws Exception {
        assertThat(option(true, null, null).options(null)).isEqualTo(VmOptions.DEFAULT);
        assertThat(option(true, "1g", 2).options(null)).isEqualTo(new VmOptions(1024, 2));
    }

    @Test
    void sizesWithoutVmAreRefused() {
        assertThatThrownBy(() -> option(false, "1g", null).options(null)).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("--memory and --cpus size a VM: add --vm");
        assertThatThrownBy(() -> option(false, null, 2).options(null)).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void aVmTakesNoNetworkAndSaneSizesOnly() {
        assertThatThrownBy(() -> option(true, null, null).options("host")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("leave out --network");
        assertThatThrownBy(() -> option(true, null, 0).options(null)).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("--cpus must be at least 1");
        assertThatThrownBy(() -> option(true, "64m", null).options(null)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("a VM needs at least 128m");
    }
}

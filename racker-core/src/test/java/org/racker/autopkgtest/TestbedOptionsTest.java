package org.racker.autopkgtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.racker.InvalidArgumentException;
import org.racker.api.ContainerConfig;

class TestbedOptionsTest {
    @Test
    void networksAsRackerRunSpellsThem() throws Exception {
        assertThat(TestbedOptions.network("host")).isEqualTo(ContainerConfig.Network.HOST);
        assertThat(TestbedOptions.network("none")).isEqualTo(ContainerConfig.Network.NONE);
        assertThat(TestbedOptions.network("slirp4netns")).isEqualTo(ContainerConfig.Network.PRIVATE);
        assertThatThrownBy(() -> TestbedOptions.network("bridge")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith("invalid --network \"bridge\"");
    }

    @Test
    void bootProfilesTestAndStock() throws Exception {
        assertThat(TestbedOptions.bootProfile("test")).isEqualTo(ContainerConfig.BootProfile.TEST);
        assertThat(TestbedOptions.bootProfile("stock")).isEqualTo(ContainerConfig.BootProfile.STOCK);
        assertThatThrownBy(() -> TestbedOptions.bootProfile("fast")).isInstanceOf(InvalidArgumentException.class);
    }
}

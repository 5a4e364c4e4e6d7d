package org.racker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.racker.InvalidArgumentException;

/** The option spellings racker run and autopkgtest-virt-racker share. */
class ContainerConfigParseTest {
    @Test
    void networksAsRackerRunSpellsThem() throws Exception {
        assertThat(ContainerConfig.Network.parse("host")).isEqualTo(ContainerConfig.Network.HOST);
        assertThat(ContainerConfig.Network.parse("none")).isEqualTo(ContainerConfig.Network.NONE);
        assertThat(ContainerConfig.Network.parse("slirp4netns")).isEqualTo(ContainerConfig.Network.PRIVATE);
        assertThatThrownBy(() -> ContainerConfig.Network.parse("bridge")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith("invalid --network \"bridge\"");
    }

    @Test
    void bootProfilesTestAndStock() throws Exception {
        assertThat(ContainerConfig.BootProfile.parse("test")).isEqualTo(ContainerConfig.BootProfile.TEST);
        assertThat(ContainerConfig.BootProfile.parse("stock")).isEqualTo(ContainerConfig.BootProfile.STOCK);
        assertThatThrownBy(() -> ContainerConfig.BootProfile.parse("fast")).isInstanceOf(InvalidArgumentException.class);
    }
}

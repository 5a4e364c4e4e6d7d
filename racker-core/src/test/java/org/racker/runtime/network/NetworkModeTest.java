package org.racker.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.racker.InvalidArgumentException;

class NetworkModeTest {
    @Test
    void dockerAndPodmanSpellingsParse() throws Exception {
        assertThat(NetworkMode.parse("host")).isEqualTo(NetworkMode.HOST);
        assertThat(NetworkMode.parse("none")).isEqualTo(NetworkMode.NONE);
        assertThat(NetworkMode.parse("private")).isEqualTo(NetworkMode.PRIVATE);
        assertThat(NetworkMode.parse("Private")).isEqualTo(NetworkMode.PRIVATE);
    }

    @Test
    void podmansSlirp4netnsIsPrivate() throws Exception {
        assertThat(NetworkMode.parse("slirp4netns")).isEqualTo(NetworkMode.PRIVATE);
    }

    @Test
    void unknownModesNameTheKnownOnes() {
        assertThatThrownBy(() -> NetworkMode.parse("bridge")).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid --network \"bridge\": use host, none or private (alias slirp4netns)");
        assertThatThrownBy(() -> NetworkMode.parse("")).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void onlyHostSharesTheHostsNamespace() {
        assertThat(NetworkMode.HOST.isolated()).isFalse();
        assertThat(NetworkMode.NONE.isolated()).isTrue();
        assertThat(NetworkMode.PRIVATE.isolated()).isTrue();
    }

    @Test
    void recordsWithoutAModeSharedTheHostsNetwork() {
        assertThat(NetworkMode.ofLabel(null)).isEqualTo(NetworkMode.HOST);
        assertThat(NetworkMode.ofLabel("private")).isEqualTo(NetworkMode.PRIVATE);
        assertThat(NetworkMode.ofLabel("none")).isEqualTo(NetworkMode.NONE);
    }
}

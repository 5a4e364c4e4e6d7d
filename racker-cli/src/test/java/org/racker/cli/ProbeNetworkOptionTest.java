package org.racker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.racker.InvalidArgumentException;
import org.racker.host.HostInfo;
import org.racker.host.HostUnsupportedException;
import org.racker.runtime.network.NetworkMode;

class ProbeNetworkOptionTest {
    private final StringWriter err = new StringWriter();

    private static HostInfo host(boolean slirp4netns) {
        return new HostInfo(true, Optional.of(Path.of("/usr/bin/systemd-nspawn")), Optional.empty(), false, false,
                "hybrid", true, false, slirp4netns ? Optional.of(Path.of("/usr/bin/slirp4netns")) : Optional.empty());
    }

    private NetworkMode resolve(String requested, boolean slirp4netns) throws Exception {
        ProbeNetworkOption option = new ProbeNetworkOption();
        option.requested = requested;
        return option.resolve(host(slirp4netns), new PrintWriter(err, true));
    }

    @Test
    void privateByDefaultWhereSlirp4netnsIsInstalled() throws Exception {
        assertThat(resolve(null, true)).isEqualTo(NetworkMode.PRIVATE);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void withoutSlirp4netnsTheDefaultIsTheHostsNetworkWithANotice() throws Exception {
        assertThat(resolve(null, false)).isEqualTo(NetworkMode.HOST);
        assertThat(err.toString().lines().toList()).singleElement().asString()
                .startsWith("postroj: slirp4netns is not installed").contains("--network host");
    }

    @Test
    void askingForPrivateWithoutSlirp4netnsIsAnError() {
        assertThatThrownBy(() -> resolve("private", false)).isInstanceOf(HostUnsupportedException.class)
                .hasMessageContaining("apt-get install slirp4netns");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void hostAndPrivateAndItsAliasAreTaken() throws Exception {
        assertThat(resolve("host", true)).isEqualTo(NetworkMode.HOST);
        assertThat(resolve("host", false)).isEqualTo(NetworkMode.HOST);
        assertThat(resolve("slirp4netns", true)).isEqualTo(NetworkMode.PRIVATE);
    }

    @Test
    void noneAndUnknownModesAreRefused() {
        assertThatThrownBy(() -> resolve("none", true)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("use private or host");
        assertThatThrownBy(() -> resolve("bridge", true)).isInstanceOf(InvalidArgumentException.class);
    }
}

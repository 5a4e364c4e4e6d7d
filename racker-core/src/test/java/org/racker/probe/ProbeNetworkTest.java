package org.racker.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.racker.InvalidArgumentException;
import org.racker.host.HostInfo;
import org.racker.host.HostUnsupportedException;
import org.racker.runtime.network.NetworkMode;

class ProbeNetworkTest {
    private final List<String> notices = new ArrayList<>();

    static HostInfo hostWithSlirp4netns() {
        return host(true);
    }

    private static HostInfo host(boolean slirp4netns) {
        return new HostInfo(true, Optional.of(Path.of("/usr/bin/systemd-nspawn")), Optional.empty(), false, false,
                "hybrid", true, false, slirp4netns ? Optional.of(Path.of("/usr/bin/slirp4netns")) : Optional.empty());
    }

    private NetworkMode resolve(String requested, boolean slirp4netns) throws Exception {
        return ProbeNetwork.of(requested, host(slirp4netns), notices::add).mode();
    }

    @Test
    void privateByDefaultWhereSlirp4netnsIsInstalled() throws Exception {
        assertThat(resolve(null, true)).isEqualTo(NetworkMode.PRIVATE);
        assertThat(notices).isEmpty();
    }

    @Test
    void withoutSlirp4netnsTheDefaultIsTheHostsNetworkWithANotice() throws Exception {
        assertThat(resolve(null, false)).isEqualTo(NetworkMode.HOST);
        assertThat(notices).singleElement().asString()
                .startsWith("slirp4netns is not installed").contains("--network host");
    }

    @Test
    void askingForPrivateWithoutSlirp4netnsIsAnError() {
        assertThatThrownBy(() -> resolve("private", false)).isInstanceOf(HostUnsupportedException.class)
                .hasMessageContaining("apt-get install slirp4netns");
        assertThat(notices).isEmpty();
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

    @Test
    void aVmsNetworkIsItsOwnWhateverWasAsked() throws Exception {
        assertThat(ProbeMachines.of(true, null, null, null).network(null, notices::add).label()).isEqualTo("private");
        assertThat(notices).isEmpty();
    }
}

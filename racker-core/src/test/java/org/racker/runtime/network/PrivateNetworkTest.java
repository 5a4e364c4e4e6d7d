package org.racker.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.runtime.process.HostMode;

class PrivateNetworkTest {
    // never a real slirp4netns here: if the guard failed, nothing could touch the host's network
    private static final Path NO_SLIRP = Path.of("/nonexistent/slirp4netns");

    @TempDir
    Path state;

    @Test
    void preparesTheLifelineAndTheResolvConfBeforeNspawnStarts() throws Exception {
        PrivateNetwork network = PrivateNetwork.prepare(NO_SLIRP, "m1", HostMode.MACHINED, state, List.of());
        assertThat(state.resolve("lifeline.fifo")).exists();
        assertThat(network.resolvConf()).isEqualTo(state.resolve("resolv.conf"));
        assertThat(Files.readString(network.resolvConf())).contains("nameserver 10.0.2.3");
        network.close();
        assertThat(state.resolve("lifeline.fifo")).doesNotExist();
    }

    @Test
    void refusesAProcessInTheHostsNetworkNamespace() throws Exception {
        PrivateNetwork network = PrivateNetwork.prepare(NO_SLIRP, "m1", HostMode.MACHINED, state, List.of());
        CompletableFuture<Void> ready = network.attach(ProcessHandle.current().pid());
        assertThatThrownBy(ready::join).isInstanceOf(CompletionException.class)
                .hasRootCauseMessage("refusing to attach slirp4netns to process " + ProcessHandle.current().pid()
                        + ": it is in the host's network namespace");
        assertThat(network.helper()).as("nothing started").isEmpty();
        network.close();
    }

    @Test
    void aNetworkClosedBeforeTheLeaderIsKnownNeverStarts() throws Exception {
        PrivateNetwork network = PrivateNetwork.prepare(NO_SLIRP, "m1", HostMode.MACHINED, state, List.of());
        network.close();
        assertThat(network.attach(1).isCompletedExceptionally()).isTrue();
        assertThat(network.helper()).isEmpty();
    }
}

package org.racker.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.racker.InvalidArgumentException;
import org.racker.runtime.process.ContainerStartException;

/** Host ports settled before a container starts; only loopback is bound. */
class HostPortsTest {

    @Test
    void portsLeftToRackerGetDistinctFreeOnes() throws Exception {
        PortMapping any = new PortMapping("127.0.0.1", 0, 80, "tcp");
        List<PortMapping> claimed = HostPorts.claim(List.of(any, any.onHostPort(0), new PortMapping("127.0.0.1", 0, 53, "udp")));
        assertThat(claimed).extracting(PortMapping::hostPort).allMatch(p -> p > 0).doesNotHaveDuplicates();
        assertThat(claimed.get(2).protocol()).isEqualTo("udp");
    }

    @Test
    void aFreePortIsKeptAndReleased() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PortMapping p = new PortMapping("127.0.0.1", port, 80, "tcp");
        assertThat(HostPorts.claim(List.of(p))).containsExactly(p);
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).as("released for slirp4netns").isEqualTo(port);
        }
    }

    @Test
    void aPortInUseIsOneLineSayingSo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> HostPorts.claim(List.of(new PortMapping("127.0.0.1", port, 8080, "tcp"))))
                    .isInstanceOf(ContainerStartException.class)
                    .hasMessage("cannot publish 127.0.0.1:" + port + "/tcp: the host port is already in use; choose"
                            + " another, or give only the container port (-p 8080) for any free one");
        }
    }

    @Test
    void theSameHostPortTwiceIsRefused() {
        PortMapping p = new PortMapping("127.0.0.1", 40999, 80, "tcp");
        assertThatThrownBy(() -> HostPorts.claim(List.of(p, new PortMapping("127.0.0.1", 40999, 81, "tcp"))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("host port 127.0.0.1:40999/tcp is published twice; give each -p a host port of its own");
    }

    @Test
    void anAddressNotOfThisHostIsNamed() {
        assertThatThrownBy(() -> HostPorts.claim(List.of(new PortMapping("192.0.2.1", 8080, 80, "tcp"))))
                .isInstanceOf(ContainerStartException.class)
                .hasMessage("cannot publish 192.0.2.1:8080/tcp: 192.0.2.1 is not an address of this host");
    }
}

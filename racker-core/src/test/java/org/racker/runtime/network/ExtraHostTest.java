package org.racker.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.racker.InvalidArgumentException;

class ExtraHostTest {

    @Test
    void nameColonAddress() throws Exception {
        assertThat(ExtraHost.parse("db:192.0.2.10")).isEqualTo(new ExtraHost("db", "192.0.2.10"));
        assertThat(ExtraHost.parse("db=192.0.2.10")).isEqualTo(new ExtraHost("db", "192.0.2.10"));
    }

    @Test
    void ipv6AddressKeepsItsColons() throws Exception {
        assertThat(ExtraHost.parse("v6:2001:db8::1")).isEqualTo(new ExtraHost("v6", "2001:db8::1"));
        assertThat(ExtraHost.parse("v6:[::1]")).isEqualTo(new ExtraHost("v6", "::1"));
    }

    @Test
    void badInputIsOneLine() {
        for (String bad : List.of("db", "db:", ":1.2.3.4", "db:example.org", "db:1.2.3", "-x:1.2.3.4",
                "db:host-gateway", "a b:1.2.3.4")) {
            assertThatThrownBy(() -> ExtraHost.parse(bad)).as(bad).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageStartingWith("invalid --add-host ").hasMessageEndingWith("(use NAME:IP, e.g. db:192.0.2.10)");
        }
    }

    @Test
    void etcHostsNamesLocalhostTheAddedHostsAndTheContainer() {
        String hosts = EtcHosts.content("c0ffee", NetworkMode.PRIVATE, List.of(new ExtraHost("db", "192.0.2.10")), "");
        assertThat(hosts.lines()).startsWith("127.0.0.1\tlocalhost", "::1\tlocalhost ip6-localhost ip6-loopback")
                .contains("192.0.2.10\tdb").endsWith("10.0.2.100\tc0ffee");
    }

    @Test
    void withTheHostsNetworkTheHostsEntriesComeFirst() {
        String hosts = EtcHosts.content("c0ffee", NetworkMode.HOST, List.of(), "127.0.0.1 localhost\n10.1.1.1 build\n");
        assertThat(hosts.lines()).containsExactly("127.0.0.1 localhost", "10.1.1.1 build", "127.0.1.1\tc0ffee");
        assertThat(EtcHosts.content("c0ffee", NetworkMode.NONE, List.of(), "10.1.1.1 build\n"))
                .doesNotContain("build").endsWith("127.0.1.1\tc0ffee\n");
    }
}

package org.racker.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.racker.InvalidArgumentException;

class PortMappingTest {

    @Test
    void hostPortAndContainerPortOnEveryAddressOverTcp() throws Exception {
        assertThat(PortMapping.parse("8080:80")).isEqualTo(new PortMapping("0.0.0.0", 8080, 80, "tcp"));
    }

    @Test
    void addressHostPortAndContainerPort() throws Exception {
        assertThat(PortMapping.parse("127.0.0.1:8080:80")).isEqualTo(new PortMapping("127.0.0.1", 8080, 80, "tcp"));
    }

    @Test
    void protocolSuffix() throws Exception {
        assertThat(PortMapping.parse("127.0.0.1:5353:53/udp")).isEqualTo(new PortMapping("127.0.0.1", 5353, 53, "udp"));
        assertThat(PortMapping.parse("8080:80/TCP").protocol()).isEqualTo("tcp");
    }

    @Test
    void containerPortAloneGetsAnyFreeHostPort() throws Exception {
        assertThat(PortMapping.parse("80")).isEqualTo(new PortMapping("0.0.0.0", 0, 80, "tcp"));
        assertThat(PortMapping.parse("53/udp")).isEqualTo(new PortMapping("0.0.0.0", 0, 53, "udp"));
    }

    @Test
    void addressWithoutHostPortGetsAnyFreePortThere() throws Exception {
        assertThat(PortMapping.parse("127.0.0.1::80")).isEqualTo(new PortMapping("127.0.0.1", 0, 80, "tcp"));
    }

    @Test
    void emptyAddressIsEveryAddress() throws Exception {
        assertThat(PortMapping.parse(":8080:80")).isEqualTo(new PortMapping("0.0.0.0", 8080, 80, "tcp"));
    }

    @Test
    void recordFormReadsBack() throws Exception {
        PortMapping p = new PortMapping("127.0.0.1", 8080, 80, "udp");
        assertThat(PortMapping.parse(p.toString())).isEqualTo(p);
        assertThat(p.display()).isEqualTo("127.0.0.1:8080->80/udp");
        assertThat(p.containerKey()).isEqualTo("80/udp");
        assertThat(p.hostAddress()).isEqualTo("127.0.0.1:8080");
    }

    @Test
    void badInputIsOneLineNamingTheValueAndTheForm() {
        String[][] cases = {
                {"", "container port must be a number"},
                {"http", "container port must be a number from 1 to 65535, not \"http\""},
                {"8080:0", "container port must be a number from 1 to 65535, not 0"},
                {"70000:80", "host port must be a number from 1 to 65535, not 70000"},
                {"8080:80/sctp", "the protocol must be tcp or udp"},
                {"8080-8081:80-81", "port ranges are not supported"},
                {"localhost:8080:80", "\"localhost\" is not an IPv4 address"},
                {"300.0.0.1:8080:80", "\"300.0.0.1\" is not an IPv4 address"},
                {"[::1]:8080:80", "IPv6 host addresses cannot be published"},
                {"::1:8080:80", "IPv6 host addresses cannot be published"},
                {"a:b:c:d", "too many ':'"},
                {"8080:80x", "not \"80x\""},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> PortMapping.parse(c[0])).as(c[0])
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageStartingWith("invalid --publish \"" + c[0] + "\": ")
                    .hasMessageContaining(c[1])
                    .hasMessageEndingWith("(use [IP:]HOSTPORT:CONTAINERPORT[/tcp|udp], or CONTAINERPORT for any free host port)")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }
}

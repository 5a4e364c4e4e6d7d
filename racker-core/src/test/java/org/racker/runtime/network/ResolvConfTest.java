package org.racker.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResolvConfTest {
    @Test
    void slirpsForwarderReplacesTheHostsNameservers() {
        String conf = ResolvConf.forPrivateNetwork("nameserver 127.0.0.53\nnameserver 10.255.255.53\n");
        assertThat(conf.lines().filter(l -> l.startsWith("nameserver"))).containsExactly("nameserver 10.0.2.3");
    }

    @Test
    void searchDomainsAndOptionsAreKept() {
        String conf = ResolvConf.forPrivateNetwork("# from dhcp\nsearch corp.example lab.example\ndomain corp.example\n"
                + "  options edns0 trust-ad\nnameserver 192.0.2.53\nsortlist 130.155.160.0/255.255.240.0\n");
        assertThat(conf.lines().toList()).contains("search corp.example lab.example", "domain corp.example",
                "options edns0 trust-ad").noneMatch(l -> l.contains("192.0.2.53") || l.startsWith("sortlist"));
    }

    @Test
    void anEmptyOrMissingHostFileStillGivesANameserver() {
        assertThat(ResolvConf.forPrivateNetwork("")).contains("nameserver 10.0.2.3\n");
    }
}

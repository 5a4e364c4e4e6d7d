package org.racker.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class Slirp4netnsCommandLineTest {
    private static final Path SLIRP = Path.of("/usr/bin/slirp4netns");

    @Test
    void attachesToTheLeaderWithNatDnsAndNoWayToTheHostsLoopback() {
        assertThat(Slirp4netnsCommandLine.slirp4netns(SLIRP, 4242, null)).containsExactly("/usr/bin/slirp4netns",
                "--configure", "--mtu=65520", "--disable-host-loopback", "--enable-sandbox", "--enable-seccomp",
                "--exit-fd=0", "--ready-fd=3", "4242", "tap0");
    }

    @Test
    void runsInASessionOfItsOwnWithTheLifelineAsStdinAndReadinessOnFd3() {
        List<String> slirp = Slirp4netnsCommandLine.slirp4netns(SLIRP, 7, null);
        List<String> args = Slirp4netnsCommandLine.launch(Path.of("/state/c1/lifeline.fifo"), slirp);
        assertThat(args).startsWith("setsid", "/bin/sh", "-c").endsWith(slirp.toArray(String[]::new));
        String script = args.get(3);
        assertThat(script).contains("exec \"$@\" <\"$f\" 3>&1 1>&2");
        assertThat(args.get(5)).as("the path is an argument, never part of the script").isEqualTo("/state/c1/lifeline.fifo");
        assertThat(script).doesNotContain("/state");
    }

    @Test
    void theLaunchScriptWiresTheDescriptorsAsDescribed() throws Exception {
        // the same script with a stand-in for slirp4netns: reads stdin, writes to 3, logs to 1
        List<String> args = Slirp4netnsCommandLine.launch(Path.of("/dev/null"),
                List.of("/bin/sh", "-c", "cat; echo ready >&3; echo log"));
        Process p = new ProcessBuilder(args.subList(1, args.size())).start();
        String ready = new String(p.getInputStream().readAllBytes());
        String log = new String(p.getErrorStream().readAllBytes());
        assertThat(p.waitFor()).isZero();
        assertThat(ready).isEqualTo("ready\n");
        assertThat(log).isEqualTo("log\n");
    }

    @Test
    void publishedPortsAddTheApiSocketByItsRelativeName() {
        assertThat(Slirp4netnsCommandLine.slirp4netns(SLIRP, 4242, "slirp4netns.sock"))
                .contains("--api-socket=slirp4netns.sock").endsWith("4242", "tap0");
    }
}

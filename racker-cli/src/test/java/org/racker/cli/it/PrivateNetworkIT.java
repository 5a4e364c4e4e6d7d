package org.racker.cli.it;

import org.racker.testing.TestRootfs;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * racker run --network none and private on a real bookworm root: what the container sees,
 * that a private one reaches Debian's mirror, and that its slirp4netns is gone on every path
 * a container ends by (the check after each test includes it).
 */
@Tag("integration")
class PrivateNetworkIT extends IsolatedRackerTest {
    static Path bookworm;

    @BeforeAll
    static void rootfs() {
        bookworm = TestRootfs.bookworm();
    }

    RackerProcess.Result run(String network, String... command) {
        List<String> args = new ArrayList<>(List.of("run", "--rm", "--name", marker, "--network", network,
                "--rootfs", bookworm.toString()));
        args.addAll(List.of(command));
        return racker.run(args.toArray(String[]::new));
    }

    @Test
    void noneSeesOnlyLoopback() {
        RackerProcess.Result r = run("none", "ls", "/sys/class/net");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo("lo\n");
        assertThat(r.stderr()).as("no noise on success").isEmpty();
    }

    @Test
    void privateHasATapDeviceAndResolvesThroughSlirpsForwarder() {
        RackerProcess.Result r = run("private", "sh", "-c",
                "ls /sys/class/net; grep ^nameserver /etc/resolv.conf; getent hosts deb.debian.org >/dev/null && echo resolved");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo("lo\ntap0\nnameserver 10.0.2.3\nresolved\n");
        assertThat(r.stderr()).as("no noise on success").isEmpty();
    }

    @Test
    void aptInAPrivateNetworkReachesDebiansMirror() {
        // podman's name for the same thing is taken too
        RackerProcess.Result r = run("slirp4netns", "sh", "-c", "apt-get update 2>&1");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("bookworm InRelease").doesNotContain("Err:").doesNotContain("Failed to fetch");
    }

    @Test
    void theHostsLoopbackServicesAreOutOfReach() throws Exception {
        try (java.net.ServerSocket host = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            // 127.0.0.1 is the container's own loopback; 10.0.2.2 would be slirp4netns's way to
            // the host's, which --disable-host-loopback closes
            int port = host.getLocalPort();
            RackerProcess.Result r = run("private", "bash", "-c", "for a in 127.0.0.1 10.0.2.2; do"
                    + " (exec 3<>/dev/tcp/$a/" + port + ") 2>/dev/null && echo $a-reached || echo $a-closed; done");
            assertThat(r.stdout()).as(r.toString()).isEqualTo("127.0.0.1-closed\n10.0.2.2-closed\n");
        }
    }

    @Test
    void aDetachedPrivateContainerIsInspectedExecedAndStopped() {
        RackerProcess.Result started = racker.run("run", "-d", "--name", marker, "--net=private", "--rootfs=" + bookworm);
        assertThat(started.exitCode()).as(started.toString()).isZero();
        assertThat(racker.run("inspect", marker).stdout().replaceAll("\\s+", " "))
                .contains("\"HostConfig\" : { \"NetworkMode\" : \"private\",");
        assertThat(helpers()).as("one slirp4netns per private container").hasSize(1);
        RackerProcess.Result resolved = racker.run("exec", marker, "getent", "hosts", "deb.debian.org");
        assertThat(resolved.exitCode()).as(resolved.toString()).isZero();
        assertThat(racker.run("stop", marker).exitCode()).isZero();
        assertThat(HostLeaks.of(marker)).isEmpty();
        assertThat(racker.run("inspect", marker).stdout()).contains("\"NetworkMode\" : \"private\"");
        assertThat(racker.run("rm", marker).exitCode()).isZero();
    }

    @Test
    void slirp4netnsEndsWithADetachedContainersNspawnWithoutRackersHelp() throws Exception {
        RackerProcess.Result started = racker.run("run", "-d", "--name", marker, "--network=private", "--rootfs=" + bookworm);
        assertThat(started.exitCode()).as(started.toString()).isZero();
        assertThat(helpers()).hasSize(1);
        new ProcessBuilder("kill", "-KILL", HostLeaks.nspawnPid(marker)).start().waitFor();
        // no racker runs meanwhile: the lifeline alone ends slirp4netns
        awaitNoHelper();
        assertThat(helpers()).isEmpty();
        assertThat(racker.run("rm", "-f", marker).exitCode()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "KILL"})
    void aSignalToRackerLeavesNoSlirp4netns(String signal) throws Exception {
        Process p = racker.start("run", "--rm", "--name", marker, "--network", "private", "--rootfs", bookworm.toString(),
                "sleep", "60");
        awaitHelper();
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        if (signal.equals("TERM")) {
            assertThat(p.exitValue()).isEqualTo(143);
            assertThat(HostLeaks.of(marker)).as("racker's own teardown waits for slirp4netns").isEmpty();
        } else {
            awaitNoHelper(); // nspawn's parent-death signal, then the lifeline
            assertThat(racker.run("ps", "-a").stdout()).doesNotContain(marker); // the reaper does the rest
        }
    }

    @Test
    void aBootFailureLeavesNoSlirp4netns() {
        RackerProcess.Result r = racker.run("run", "--rm", "--name", marker, "--network", "private",
                "-v", "/bin/false:/usr/lib/systemd/systemd:ro", "--rootfs", bookworm.toString(), "true");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(125);
        assertThat(r.stderr()).as(r.toString()).contains("failed to boot");
    }

    @Test
    void aFailingCommandLeavesNoSlirp4netns() {
        assertThat(run("private", "sh", "-c", "exit 7").exitCode()).isEqualTo(7);
    }

    List<String> helpers() {
        return HostLeaks.of(marker).stream().filter(l -> l.startsWith("network helper")).toList();
    }

    void awaitHelper() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (helpers().isEmpty() || !racker.run("ps").stdout().contains("Up ")) {
            assertThat(System.nanoTime()).as("slirp4netns of " + marker + " started").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    void awaitNoHelper() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!helpers().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(helpers()).isEmpty();
    }
}

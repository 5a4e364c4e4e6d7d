package org.racker.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.racker.testing.TestRootfs;

/**
 * Published ports on real containers with a private network (real nspawn, real slirp4netns):
 * a web server in the container answers on the host port, docker's views of the ports (port,
 * ps, inspect), a host port in use fails before anything starts, and every container's
 * /etc/hosts. Only 127.0.0.1 is published on: tests reach nothing but loopback.
 */
@Tag("integration")
class PortsIT extends IsolatedRackerTest {
    /**
     * A web server for a root that has perl-base and nothing else (minbase has no python,
     * busybox or nc): answers every request with the container's hostname.
     */
    static final String WEB_SERVER = "use IO::Socket::INET;"
            + " my $s = IO::Socket::INET->new(LocalPort => 80, Listen => 5, ReuseAddr => 1) or die \"listen: $!\";"
            + " open my $h, '<', '/proc/sys/kernel/hostname'; my $n = <$h>; chomp $n;"
            + " while (my $c = $s->accept) { my $l = <$c>;"
            + " print $c \"HTTP/1.0 200 OK\\r\\nContent-Type: text/plain\\r\\n\\r\\nhello from $n\\n\"; close $c }";

    static Path bookworm;

    @BeforeAll
    static void rootfs() {
        bookworm = TestRootfs.bookworm();
    }

    @Test
    void aWebServerInAPrivateNetworkAnswersOnThePublishedHostPort() throws Exception {
        int port = freePort();
        RackerProcess.Result started = racker.run("run", "-d", "--name", marker, "--hostname", "web1",
                "-p", "127.0.0.1:" + port + ":80", "--rootfs", bookworm.toString(), "perl", "-e", WEB_SERVER);
        assertThat(started.exitCode()).as(started.toString()).isZero();
        assertThat(httpGet(port)).endsWith("\r\n\r\nhello from web1\n").startsWith("HTTP/1.0 200 OK");

        RackerProcess.Result ports = racker.run("port", marker);
        assertThat(ports.stdout()).as(ports.toString()).isEqualTo("80/tcp -> 127.0.0.1:" + port + "\n");
        assertThat(racker.run("port", marker, "80/tcp").stdout()).isEqualTo("127.0.0.1:" + port + "\n");
        RackerProcess.Result unpublished = racker.run("port", marker, "81");
        assertThat(unpublished.exitCode()).isEqualTo(1);
        assertThat(unpublished.stderr()).isEqualTo("racker: No public port '81/tcp' published for " + marker + "\n");

        String table = racker.run("ps").stdout();
        assertThat(table.lines().findFirst().orElseThrow()).contains("STATUS", "PORTS", "NAMES");
        assertThat(table).contains("127.0.0.1:" + port + "->80/tcp");
        assertThat(racker.run("ps", "--format", "{{.Names}} {{.Ports}}").stdout())
                .isEqualTo(marker + " 127.0.0.1:" + port + "->80/tcp\n");

        String binding = "{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"" + port + "\"}]}";
        assertThat(racker.run("inspect", "-f", "{{json .NetworkSettings.Ports}}", marker).stdout())
                .isEqualTo(binding + "\n");
        assertThat(racker.run("inspect", "-f", "{{json .HostConfig.PortBindings}} {{.HostConfig.NetworkMode}}",
                marker).stdout()).isEqualTo(binding + " private\n");

        assertThat(racker.run("stop", marker).exitCode()).isZero();
        assertThat(HostLeaks.of(marker)).isEmpty();
        assertThat(refused(port)).as("nothing listens once the container stopped").isTrue();
        assertThat(racker.run("port", marker).stdout()).as("a stopped container has no ports, as in docker").isEmpty();
        assertThat(racker.run("rm", marker).exitCode()).isZero();
    }

    @Test
    void twoContainersPublishTheSameContainerPortOnDifferentHostPorts() throws Exception {
        int first = freePort();
        int second = freePort();
        try {
            for (String[] c : new String[][] {{"a", Integer.toString(first)}, {"b", Integer.toString(second)}}) {
                RackerProcess.Result started = racker.run("run", "-d", "--name", marker + "-" + c[0],
                        "--hostname", "web-" + c[0], "-p", "127.0.0.1:" + c[1] + ":80", "--rootfs", bookworm.toString(),
                        "perl", "-e", WEB_SERVER);
                assertThat(started.exitCode()).as(started.toString()).isZero();
            }
            assertThat(httpGet(first)).endsWith("hello from web-a\n");
            assertThat(httpGet(second)).endsWith("hello from web-b\n");
            assertThat(HostLeaks.of(marker).stream().filter(l -> l.startsWith("network helper")))
                    .as("one slirp4netns each, no other helper").hasSize(2);
        } finally {
            racker.run("rm", "-f", marker + "-a", marker + "-b");
        }
    }

    @Test
    void aHostPortLeftToRackerIsChosenAndRecorded() throws Exception {
        RackerProcess.Result started = racker.run("run", "-d", "--name", marker, "-p", "127.0.0.1::80",
                "--rootfs", bookworm.toString(), "perl", "-e", WEB_SERVER);
        assertThat(started.exitCode()).as(started.toString()).isZero();
        String address = racker.run("port", marker, "80").stdout().strip();
        assertThat(address).matches("127\\.0\\.0\\.1:[1-9][0-9]*");
        int port = Integer.parseInt(address.substring(address.indexOf(':') + 1));
        assertThat(httpGet(port)).contains("200 OK");
        assertThat(racker.run("rm", "-f", marker).exitCode()).isZero();
    }

    @Test
    void aHostPortInUseFailsClearlyAndLeavesNothing() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            RackerProcess.Result r = racker.run("run", "-d", "--name", marker, "-p", "127.0.0.1:" + port + ":80",
                    "--rootfs", bookworm.toString(), "perl", "-e", WEB_SERVER);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(125);
            assertThat(r.stdout()).isEmpty();
            assertThat(r.stderr()).isEqualTo("racker: cannot publish 127.0.0.1:" + port + "/tcp: the host port is"
                    + " already in use; choose another, or give only the container port (-p 80) for any free one\n");
            assertThat(HostLeaks.of(marker)).as("no container, no slirp4netns, no mount").isEmpty();
            assertThat(racker.run("ps", "-a").stdout()).doesNotContain(marker);
            Path containers = state.resolve("containers");
            if (Files.isDirectory(containers)) {
                try (var dirs = Files.list(containers)) {
                    assertThat(dirs).as("no state left").isEmpty();
                }
            }
        }
    }

    @Test
    void publishingWithTheHostsNetworkIsRefusedWithTheReason() {
        RackerProcess.Result r = racker.run("run", "--rm", "--name", marker, "--network", "host", "-p", "127.0.0.1:8080:80",
                "--rootfs", bookworm.toString(), "true");
        assertThat(r.exitCode()).isEqualTo(125);
        assertThat(r.stderr()).isEqualTo("racker: cannot publish ports with --network host: the container shares the"
                + " host's network, so its ports are the host's already; use --network private, or leave --network out\n");
    }

    @Test
    void aBadPublishValueIsOneLine() {
        RackerProcess.Result r = racker.run("run", "--rm", "-p", "8080:http", "--rootfs", bookworm.toString(), "true");
        assertThat(r.exitCode()).isEqualTo(125);
        assertThat(r.stderr()).isEqualTo("racker: invalid --publish \"8080:http\": the container port must be a number"
                + " from 1 to 65535, not \"http\" (use [IP:]HOSTPORT:CONTAINERPORT[/tcp|udp], or CONTAINERPORT for any"
                + " free host port)\n");
    }

    @Test
    void everyContainerHasAnEtcHostsNamingLocalhostItsHostnameAndAddedHosts() throws Exception {
        byte[] imageHosts = Files.isRegularFile(bookworm.resolve("etc/hosts"))
                ? Files.readAllBytes(bookworm.resolve("etc/hosts")) : null;
        for (String network : new String[] {"host", "private"}) {
            RackerProcess.Result r = racker.run("run", "--rm", "--name", marker, "--network", network, "--hostname",
                    "box1", "--add-host", "db:192.0.2.10", "--add-host", "v6db:2001:db8::10",
                    "--rootfs", bookworm.toString(), "sh", "-c",
                    "getent hosts db v6db box1; getent ahostsv4 localhost | head -1");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            String box = network.equals("private") ? "10.0.2.100" : "127.0.1.1";
            assertThat(r.stdout().replaceAll("[ \\t]+", " ")).as(network).isEqualTo(
                    "192.0.2.10 db\n2001:db8::10 v6db\n" + box + " box1\n127.0.0.1 STREAM localhost\n");
        }
        RackerProcess.Result plain = racker.run("run", "--rm", "--name", marker, "--network", "none",
                "--rootfs", bookworm.toString(), "cat", "/etc/hosts");
        assertThat(plain.stdout()).startsWith("127.0.0.1\tlocalhost\n").doesNotContain("db");
        assertThat(Files.isRegularFile(bookworm.resolve("etc/hosts"))
                ? Files.readAllBytes(bookworm.resolve("etc/hosts")) : null).as("the image is untouched")
                .isEqualTo(imageHosts);
    }

    /** A port free on 127.0.0.1 right now. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * One HTTP/1.0 GET to 127.0.0.1:port, retried while the server in the container comes up
     * (slirp4netns accepts at once and drops the connection until something listens inside).
     */
    static String httpGet(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
                s.setSoTimeout(5000);
                OutputStream out = s.getOutputStream();
                out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (!answer.isEmpty()) {
                    return answer;
                }
            } catch (IOException e) {
                // not up yet
            }
            assertThat(System.nanoTime()).as("the server behind 127.0.0.1:" + port + " answered").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    static boolean refused(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}

package org.racker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.testing.Leaks;
import org.racker.testing.TestRootfs;

/** Wait strategies against real containers: met ones hand the container over, unmet ones remove it. */
@Tag("integration")
class WaitStrategyIT {
    @TempDir
    Path stateRoot;

    private ContainerConfig.Builder bookworm() {
        return ContainerConfig.builder(Image.directory(TestRootfs.bookworm()))
                .bootProfile(ContainerConfig.BootProfile.TEST).network(ContainerConfig.Network.NONE);
    }

    @Test
    void startReturnsOnceEveryStrategyIsMet() throws Exception {
        try (Container c = Racker.withRoot(stateRoot).start(bookworm()
                .waitingFor(WaitStrategy.ready(), WaitStrategy.unitActive("systemd-journald.service"),
                        WaitStrategy.systemRunning(), WaitStrategy.logLine("Reached target .*Multi-User"),
                        WaitStrategy.commandSucceeds("test", "-d", "/etc"))
                .build())) {
            assertThat(c.exec("systemctl", "is-active", "systemd-journald.service").stdoutText()).isEqualTo("active\n");
        }
        assertThat(Leaks.under(stateRoot)).isEmpty();
    }

    @Test
    void unmetStrategyRemovesTheContainerAndSaysWhatItSaw() {
        assertThatThrownBy(() -> Racker.withRoot(stateRoot).start(bookworm()
                .waitingFor(WaitStrategy.unitActive("missing.service").withTimeout(Duration.ofSeconds(1))).build()))
                .isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
                    assertThat(e.getMessage()).contains("unit missing.service active not reached within 1 s;"
                            + " last seen: inactive");
                    assertThat(e.logTail()).isNotBlank();
                });
        assertThat(Leaks.under(stateRoot)).isEmpty();
    }

    @Test
    void portAndLogLineOfAnAppContainer() throws Exception {
        try (Container c = Racker.withRoot(stateRoot).start(ContainerConfig.builder(Image.directory(TestRootfs.busybox()))
                .network(ContainerConfig.Network.NONE)
                .command("/bin/sh", "-c", "echo serving; exec /bin/busybox httpd -f -p 8080 -h /tmp")
                .waitingFor(WaitStrategy.portListening(8080), WaitStrategy.logLine("^serving"))
                .build())) {
            assertThat(WaitStrategy.listeningPorts(c.leaderPid())).contains(8080);
            // no curl and no bash in busybox: the HTTP wait says so rather than hanging
            assertThatThrownBy(() -> WaitStrategy.httpStatus("http://localhost:8080/", 200)
                    .withTimeout(Duration.ofMillis(300)).await(c))
                    .hasMessageContaining("neither curl nor bash in the image");
        }
        assertThat(Leaks.under(stateRoot)).isEmpty();
    }

    @Test
    void httpStatusFromInsideABootedContainer(@TempDir Path site) throws Exception {
        Files.writeString(site.resolve("index.html"), "hello\n");
        Path busybox = TestRootfs.busybox().resolve("bin/busybox");
        try (Container c = Racker.withRoot(stateRoot).start(bookworm()
                .volume(new Volume(busybox, "/usr/local/bin/busybox", true)).volume(new Volume(site, "/srv/site", true))
                .build())) {
            assertThat(c.exec("systemd-run", "--unit=web", "/usr/local/bin/busybox", "httpd", "-f", "-p", "8080",
                    "-h", "/srv/site").exitCode()).isZero();

            WaitStrategy.unitActive("web.service").await(c);
            WaitStrategy.httpStatus("http://localhost:8080/index.html", 200).withTimeout(Duration.ofSeconds(10)).await(c);
            assertThatThrownBy(() -> WaitStrategy.httpStatus("http://localhost:8080/missing", 200)
                    .withTimeout(Duration.ofMillis(300)).await(c))
                    .isInstanceOf(WaitTimeoutException.class)
                    .hasMessageContaining("last seen: HTTP 404");
        }
        assertThat(Leaks.under(stateRoot)).isEmpty();
    }
}

package org.racker.cli.it;

import org.racker.testing.TestRootfs;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * postroj pull with real sources: a bootstrap from Debian's mirror behind a source that
 * fails (fallback), a rootfs tarball served on 127.0.0.1, and an entry whose every source is
 * broken. The catalogue is the test's own ($RACKER_IMAGES_D), so nothing asks a public
 * registry.
 */
@Tag("integration")
class PostrojIT extends IsolatedRackerTest {
    @TempDir
    static Path shared;

    static HttpServer http;
    static org.racker.registry.LocalRegistry registry;
    static Path catalogue;
    static Path tarball;

    @BeforeAll
    static void sources() throws Exception {
        tarball = TestRootfs.bookwormTarball();
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", exchange -> {
            if (!exchange.getRequestURI().getPath().equals("/bookworm.tar.gz")) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().add("Last-Modified", "Mon, 01 Jan 2026 00:00:00 GMT");
            if (exchange.getRequestHeaders().containsKey("If-Modified-Since")) {
                exchange.sendResponseHeaders(304, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, Files.size(tarball));
            try (OutputStream out = exchange.getResponseBody()) {
                Files.copy(tarball, out);
            }
        });
        http.start();
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        // a slim Debian without systemd, served by a real registry, to be provisioned by postroj
        org.racker.registry.OciLayout layout = org.racker.registry.OciLayout.create(shared.resolve("slim-layout"));
        TestImages.add(layout, "12", List.of(TestRootfs.bookwormSlim()), java.util.Map.of("Cmd", List.of("bash")));
        registry = org.racker.registry.LocalRegistry.builder(shared.resolve("registry")).start();
        registry.seed(layout.dir(), "12", "library/debian:bookworm-slim");
        catalogue = Files.createDirectories(shared.resolve("images.d"));
        Files.writeString(catalogue.resolve("it.json"), """
                {"images": [
                  {"name": "it-bootstrap", "family": "debian", "distribution": "Debian", "release": "12",
                   "packageManager": "apt",
                   "sources": [{"type": "docker", "reference": "127.0.0.1:9/nobody/home:1"},
                               {"type": "bootstrap", "tool": "mmdebstrap", "suite": "bookworm",
                                "mirror": "http://deb.debian.org/debian"}]},
                  {"name": "it-slim", "family": "debian", "distribution": "Debian", "release": "12",
                   "packageManager": "apt", "sources": [{"type": "docker", "reference": "REGISTRY/library/debian:bookworm-slim"}]},
                  {"name": "it-tarball", "family": "debian", "distribution": "Debian", "release": "12",
                   "packageManager": "apt", "sources": [{"type": "tarball", "url": "BASE/bookworm.tar.gz"}]},
                  {"name": "it-broken", "family": "debian", "distribution": "Debian", "release": "0",
                   "packageManager": "apt",
                   "sources": [{"type": "tarball", "url": "BASE/missing.tar.gz"},
                               {"type": "bootstrap", "tool": "mmdebstrap", "suite": "no-such-suite",
                                "mirror": "http://deb.debian.org/debian"}]}
                ]}
                """.replace("BASE", base).replace("REGISTRY", registry.hostPort()));
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.stop(0);
        }
        if (registry != null) {
            registry.close();
        }
    }

    RackerProcess.Result postroj(String... args) {
        return racker.postroj().withEnv(java.util.Map.of("RACKER_IMAGES_D", catalogue.toString())).run(args);
    }

    RackerProcess.Result racker(String... args) {
        return racker.withEnv(java.util.Map.of("RACKER_IMAGES_D", catalogue.toString())).run(args);
    }

    @Test
    void aFailingSourceFallsBackToTheMirrorAndTheImageBoots() {
        RackerProcess.Result pull = postroj("pull", "it-bootstrap");
        assertThat(pull.exitCode()).as(pull.toString()).isZero();
        assertThat(pull.stderr()).contains("skipped docker://127.0.0.1:9/nobody/home:1");
        assertThat(pull.stdout()).contains("it-bootstrap: pulled from mmdebstrap bookworm");
        assertThat(postroj("list-images").stdout()).containsPattern("it-bootstrap .* 20\\d\\d-\\d\\d-\\d\\d");
        RackerProcess.Result run = racker("run", "--rm", "--name", marker, "it-bootstrap",
                "sh", "-c", "systemctl is-system-running; cat /etc/hostname; command -v curl");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).isEqualTo("running\nit-bootstrap\n/usr/bin/curl\n");
        RackerProcess.Result again = postroj("pull", "it-bootstrap");
        assertThat(again.stdout()).contains("already pulled");
    }

    @Test
    void aRegistryImageWithoutSystemdIsProvisionedOnceAndBoots() {
        RackerProcess.Result pull = postroj("--verbose", "pull", "it-slim");
        assertThat(pull.exitCode()).as(pull.toString()).isZero();
        assertThat(pull.stdout()).contains("it-slim: pulled from docker://" + registry.hostPort());
        assertThat(pull.stderr()).contains("provisioning it-slim: env DEBIAN_FRONTEND=noninteractive apt-get install");
        RackerProcess.Result run = racker("run", "--rm", "--name", marker, "it-slim", "sh", "-c",
                "systemctl is-system-running; hostnamectl --static");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).isEqualTo("running\nit-slim\n");
        RackerProcess.Result selftest = postroj("selftest", "hostnamectl", "--image=it-slim");
        assertThat(selftest.exitCode()).as(selftest.toString()).isZero();
    }

    @Test
    void aTarballServedOverHttpIsUnpackedAndCached() {
        RackerProcess.Result pull = postroj("pull", "it-tarball");
        assertThat(pull.exitCode()).as(pull.toString()).isZero();
        assertThat(pull.stdout()).contains("it-tarball: pulled from http://127.0.0.1:").contains("sha256:");
        RackerProcess.Result run = racker("run", "--rm", "--name", marker, "it-tarball", "systemctl", "is-system-running");
        assertThat(run.stdout()).as(run.toString()).isEqualTo("running\n");
        RackerProcess.Result again = postroj("--verbose", "pull", "--force", "it-tarball");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.stderr()).contains("using the cached");
    }

    @Test
    void everySourceBrokenIsAClearErrorAndLeavesNothing() throws IOException {
        RackerProcess.Result pull = postroj("pull", "it-broken");
        assertThat(pull.exitCode()).isEqualTo(125);
        assertThat(pull.stderr()).contains("cannot pull it-broken").contains("HTTP 404").contains("no-such-suite");
        assertThat(state.resolve("curated/it-broken")).doesNotExist();
        Path work = state.resolve("curated/.work");
        if (Files.exists(work)) {
            try (var s = Files.list(work)) {
                assertThat(s.toList()).isEmpty();
            }
        }
    }

    @Test
    void unknownNamesAreOneClearLine() {
        RackerProcess.Result pull = postroj("pull", "no-such-image");
        assertThat(pull.exitCode()).isEqualTo(125);
        assertThat(pull.stderr().strip()).contains("no-such-image").contains("postroj list-images").doesNotContain("\n");
    }
}

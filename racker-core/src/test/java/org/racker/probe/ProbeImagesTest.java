package org.racker.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.EventLog;
import org.racker.InvalidArgumentException;
import org.racker.distro.Catalogue;
import org.racker.runtime.network.NetworkMode;

/** The curated images by name, and what probes know of their distributions, on the built-in catalogue. */
class ProbeImagesTest {
    @TempDir
    Path root;

    private ProbeImages images() throws Exception {
        return new ProbeImages(root, EventLog.SILENT, Catalogue.load(List.of()));
    }

    private static ProbeImage image(String name) throws Exception {
        return new ProbeImage(name, Path.of("/nonexistent"), Catalogue.load(List.of()).find(name).orElseThrow(), null);
    }

    @Test
    void namesAreTheCataloguesAndNoneIsPulledInAFreshRoot() throws Exception {
        assertThat(images().names()).contains("debian-bookworm", "fedora-37", "opensuse-leap");
        assertThat(images().pulledNames()).isEmpty();
    }

    @Test
    void packagesTheDistributionCannotInstallAreRefusedBeforeAnyPull() throws Exception {
        images().checkPackages("debian-bookworm", List.of("/tmp/a.deb", "https://example.org/b.deb?x=1"));
        assertThatThrownBy(() -> images().checkPackages("debian-bookworm", List.of("/tmp/a.rpm")))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("cannot install /tmp/a.rpm on debian-bookworm: it takes .deb packages (apt)");
        assertThatThrownBy(() -> images().checkPackages("plan9", List.of()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("unknown image \"plan9\"");
        assertThat(images().pulledNames()).as("nothing pulled").isEmpty();
    }

    @Test
    void apacheIsApache2OnDebianAndSuseAndHttpdOnRedHat() throws Exception {
        ProbeNetwork host = ProbeNetwork.of("host", ProbeNetworkTest.hostWithSlirp4netns(), line -> { });
        PackageProbe.Plan debian = PackageProbe.Plan.apache(image("debian-bookworm"), host);
        assertThat(debian.repositoryPackages()).containsExactly("apache2");
        assertThat(debian.units()).containsExactly("apache2");
        assertThat(debian.endpoints()).containsExactly("http://localhost:80/");
        assertThat(debian.network()).isEqualTo(NetworkMode.HOST);
        assertThat(PackageProbe.Plan.apache(image("opensuse-leap"), host).units()).containsExactly("apache2");
        PackageProbe.Plan fedora = PackageProbe.Plan.apache(image("fedora-37"), host);
        assertThat(fedora.repositoryPackages()).containsExactly("httpd");
        assertThat(fedora.units()).containsExactly("httpd");
        assertThat(fedora.networkTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void endpointsAreCheckedBeforeAnythingBoots() throws Exception {
        PackageProbe.checkEndpoint("tcp://localhost:80");
        PackageProbe.checkEndpoint("https://localhost/");
        assertThatThrownBy(() -> PackageProbe.checkEndpoint("tcp://localhost"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid --check-network tcp://localhost: use tcp://HOST:PORT, http://... or https://...");
        assertThatThrownBy(() -> PackageProbe.checkEndpoint("ftp://x/")).isInstanceOf(InvalidArgumentException.class);
    }
}

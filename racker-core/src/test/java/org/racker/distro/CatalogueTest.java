package org.racker.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.InvalidArgumentException;

class CatalogueTest {
    @Test
    void builtInListHasEveryDistributionUpstreamCuratedAndCurrentOnes() throws Exception {
        Catalogue c = Catalogue.load(List.of());
        assertThat(c.all()).extracting(CatalogueEntry::name).contains(
                "debian-stretch", "debian-buster", "debian-bullseye", "debian-bookworm", "debian-sid",
                "ubuntu-focal", "ubuntu-jammy", "fedora-35", "fedora-36", "fedora-37", "centos-7", "centos-8",
                "centos-9", "rhel-8", "rhel-9", "rocky-8", "opensuse-leap", "opensuse-tumbleweed", "sles-15",
                "sles-bci", "amazonlinux-2022", "oraclelinux-8", "archlinux-20220501",
                "debian-trixie", "ubuntu-noble", "rocky-9", "alma-9");
    }

    @Test
    void debianImagesCanBeBootstrappedFromTheMirror() throws Exception {
        Catalogue c = Catalogue.load(List.of());
        for (String name : List.of("debian-bullseye", "debian-bookworm", "debian-trixie", "debian-sid")) {
            CatalogueEntry e = c.find(name).orElseThrow();
            assertThat(e.sources()).first().isInstanceOf(ImageSource.Docker.class);
            assertThat(e.sources()).anySatisfy(s -> assertThat(s).isInstanceOf(ImageSource.Bootstrap.class));
            assertThat(e.manager()).isEqualTo(PackageManager.APT);
        }
        ImageSource.Bootstrap sid = (ImageSource.Bootstrap) c.find("debian-sid").orElseThrow().sources().get(1);
        assertThat(sid.aptOptions()).containsExactly("Acquire::Check-Valid-Until \"false\"");
    }

    @Test
    void aMirrorsAptOptionsHoldForTheWholeEntry() throws Exception {
        Catalogue c = Catalogue.load(List.of());
        assertThat(c.find("debian-sid").orElseThrow().aptOptions()).containsExactly("Acquire::Check-Valid-Until \"false\"");
        assertThat(c.find("debian-trixie").orElseThrow().aptOptions()).isEmpty();
        assertThat(c.find("fedora-37").orElseThrow().aptOptions()).isEmpty();
    }

    @Test
    void packageManagersMatchTheFamilies() throws Exception {
        Catalogue c = Catalogue.load(List.of());
        assertThat(c.find("fedora-37").orElseThrow().manager()).isEqualTo(PackageManager.DNF);
        assertThat(c.find("centos-7").orElseThrow().manager()).isEqualTo(PackageManager.YUM);
        assertThat(c.find("rhel-9").orElseThrow().manager()).isEqualTo(PackageManager.MICRODNF);
        assertThat(c.find("opensuse-tumbleweed").orElseThrow().manager()).isEqualTo(PackageManager.ZYPPER);
        assertThat(c.find("archlinux").orElseThrow().manager()).isEqualTo(PackageManager.PACMAN);
    }

    @Test
    void userFilesAddAndOverrideEntries(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("10-site.json"), """
                {"images": [
                  {"name": "debian-bookworm", "family": "debian", "distribution": "Debian", "release": "12",
                   "packageManager": "apt",
                   "sources": [{"type": "bootstrap", "tool": "mmdebstrap", "suite": "bookworm",
                                "mirror": "http://mirror.example/debian"}]},
                  {"name": "site-tarball", "family": "debian", "distribution": "Site", "release": "1",
                   "packageManager": "apt", "sources": [{"type": "tarball", "url": "http://127.0.0.1/r.tar.xz"}]}
                ]}
                """);
        Catalogue c = Catalogue.load(List.of(dir));
        assertThat(c.find("debian-bookworm").orElseThrow().sources()).singleElement()
                .isEqualTo(new ImageSource.Bootstrap("mmdebstrap", "bookworm", "http://mirror.example/debian", null));
        assertThat(c.find("site-tarball").orElseThrow().sources()).singleElement()
                .isEqualTo(new ImageSource.Tarball("http://127.0.0.1/r.tar.xz"));
    }

    @Test
    void brokenUserFilesAreOneClearError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.json"), "{\"images\": [{\"name\": \"x\", \"packageManager\": \"brew\","
                + " \"sources\": [{\"type\": \"docker\", \"reference\": \"x\"}]}]}");
        assertThatThrownBy(() -> Catalogue.load(List.of(dir))).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("bad.json").hasMessageContaining("brew");
        Files.writeString(dir.resolve("bad.json"), "{not json");
        assertThatThrownBy(() -> Catalogue.load(List.of(dir))).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("bad.json");
    }

    @Test
    void installCommandsPerManager() {
        assertThat(PackageManager.APT.install(List.of("/tmp/x.deb"))).containsSubsequence("apt-get", "install", "-y", "/tmp/x.deb");
        assertThat(PackageManager.DNF.install(List.of("curl"))).startsWith("dnf", "install", "-y").endsWith("curl");
        assertThat(PackageManager.ZYPPER.installWithoutDependencies(List.of("/tmp/a.rpm")))
                .containsExactly("rpm", "-i", "--nodeps", "/tmp/a.rpm");
        assertThat(PackageManager.APT.packageFileSuffix()).isEqualTo(".deb");
        assertThat(PackageManager.MICRODNF.packageFileSuffix()).isEqualTo(".rpm");
        assertThatThrownBy(() -> PackageManager.APT.installWithoutDependencies(List.of("x.deb")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(PackageManager.APT.bootPackages()).contains("systemd", "curl");
    }
}

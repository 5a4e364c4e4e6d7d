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
    void upstreamSpellingsAreAliasesOfTheEntries() throws Exception {
        Catalogue c = Catalogue.load(List.of());
        // upstream named each image NAME-RELEASE and NAME-VERSION, spelling some distributions out
        java.util.Map<String, String> upstream = java.util.Map.ofEntries(
                java.util.Map.entry("debian-9", "debian-stretch"), java.util.Map.entry("debian-10", "debian-buster"),
                java.util.Map.entry("debian-11", "debian-bullseye"), java.util.Map.entry("debian-12", "debian-bookworm"),
                java.util.Map.entry("debian-13", "debian-trixie"), java.util.Map.entry("debian-unstable", "debian-sid"),
                java.util.Map.entry("ubuntu-20", "ubuntu-focal"), java.util.Map.entry("ubuntu-22", "ubuntu-jammy"),
                java.util.Map.entry("ubuntu-24", "ubuntu-noble"), java.util.Map.entry("rockylinux-8", "rocky-8"),
                java.util.Map.entry("rockylinux-9", "rocky-9"), java.util.Map.entry("opensuse-15", "opensuse-leap"),
                java.util.Map.entry("opensuse-leap15", "opensuse-leap"),
                java.util.Map.entry("opensuse-latest", "opensuse-tumbleweed"),
                java.util.Map.entry("sles-latest", "sles-bci"));
        upstream.forEach((alias, name) -> assertThat(c.find(alias)).as(alias).get()
                .extracting(CatalogueEntry::name).isEqualTo(name));
        // and the names upstream spelled as racker does
        for (String same : List.of("fedora-35", "fedora-36", "fedora-37", "centos-7", "centos-8", "centos-9", "rhel-8",
                "rhel-9", "opensuse-tumbleweed", "sles-15", "sles-bci", "amazonlinux-2022", "oraclelinux-8",
                "archlinux-20220501", "debian-bookworm", "ubuntu-jammy")) {
            assertThat(c.find(same)).as(same).get().extracting(CatalogueEntry::name).isEqualTo(same);
        }
    }

    @Test
    void aUsersEntryNamedAsABuiltInAliasWins(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("10-site.json"), """
                {"images": [{"name": "rockylinux-8", "family": "redhat", "distribution": "Site Rocky", "release": "8",
                  "packageManager": "dnf", "sources": [{"type": "docker", "reference": "site/rocky:8"}]}]}
                """);
        assertThat(Catalogue.load(List.of(dir)).find("rockylinux-8").orElseThrow().distribution()).isEqualTo("Site Rocky");
    }

    @Test
    void anInvalidAliasIsRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("10-site.json"), """
                {"images": [{"name": "site-8", "aliases": ["Site 8"], "packageManager": "dnf",
                  "sources": [{"type": "docker", "reference": "site/rocky:8"}]}]}
                """);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Catalogue.load(List.of(dir)))
                .hasMessageContaining("invalid image name \"Site 8\"");
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

    @Test
    void aptOptionsOfARootsReleaseComeFromItsEntry() throws Exception {
        Catalogue c = Catalogue.load(List.of());
        OsRelease sid = OsRelease.parse("PRETTY_NAME=\"Debian GNU/Linux forky/sid\"\nID=debian\n");
        assertThat(c.aptOptionsFor(sid)).containsExactly("Acquire::Check-Valid-Until \"false\"");
        OsRelease bookworm = OsRelease.parse("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n");
        assertThat(c.aptOptionsFor(bookworm)).isEmpty();
        assertThat(c.aptOptionsFor(OsRelease.parse("ID=fedora\nVERSION_ID=42\n"))).isEmpty();
    }
}

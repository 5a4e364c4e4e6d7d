package org.racker.distro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which registry images racker can make bootable, told from their os-release and tools. */
class BootableImagesTest {
    @TempDir
    Path root;

    @Test
    void debianWithAptAndAShellIsOfTheAptFamily() throws IOException {
        osRelease("ID=debian\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
        tools("/bin/sh", "/usr/bin/apt-get");
        BootableImages.Family family = BootableImages.family(root);
        assertThat(family.manager()).contains(PackageManager.APT);
        assertThat(family.distribution()).isEqualTo("Debian GNU/Linux 12 (bookworm)");
    }

    @Test
    void anRpmImageIsProvisionedWithTheManagerItKept() throws IOException {
        osRelease("ID=\"rhel\"\nID_LIKE=\"fedora\"\nPRETTY_NAME=\"Red Hat Enterprise Linux 8.9\"\n");
        tools("/bin/sh", "/usr/bin/microdnf");
        assertThat(BootableImages.family(root).manager()).contains(PackageManager.MICRODNF);
        tools("/usr/bin/yum");
        assertThat(BootableImages.family(root).manager()).contains(PackageManager.MICRODNF);
        tools("/usr/bin/dnf");
        assertThat(BootableImages.family(root).manager()).contains(PackageManager.DNF);
    }

    @Test
    void suseAndArchAreKnown() throws IOException {
        osRelease("ID=\"opensuse-tumbleweed\"\nID_LIKE=\"opensuse suse\"\nPRETTY_NAME=\"openSUSE Tumbleweed\"\n");
        tools("/bin/sh", "/usr/bin/zypper");
        assertThat(BootableImages.family(root).manager()).contains(PackageManager.ZYPPER);
        osRelease("ID=arch\nPRETTY_NAME=\"Arch Linux\"\n");
        tools("/usr/bin/pacman");
        assertThat(BootableImages.family(root).manager()).contains(PackageManager.PACMAN);
    }

    @Test
    void aRootWithoutOsReleaseIsNoDistribution() {
        BootableImages.Family family = BootableImages.family(root);
        assertThat(family.manager()).isEmpty();
        assertThat(family.reason()).contains("no /etc/os-release");
    }

    @Test
    void alpineHasNoSystemdToInstall() throws IOException {
        osRelease("ID=alpine\nPRETTY_NAME=\"Alpine Linux v3.19\"\n");
        tools("/bin/sh", "/sbin/apk");
        assertThat(BootableImages.family(root).reason()).isEqualTo("Alpine Linux v3.19 has no systemd to install");
    }

    @Test
    void distrolessNamesDebianButHasNeitherShellNorApt() throws IOException {
        osRelease("ID=debian\nPRETTY_NAME=\"Distroless\"\n");
        assertThat(BootableImages.family(root).reason()).contains("without a shell");
        tools("/bin/sh");
        assertThat(BootableImages.family(root).reason()).contains("without its package manager (/usr/bin/apt-get)");
    }

    @Test
    void anUnknownDistributionIsSaidByName() throws IOException {
        osRelease("ID=gentoo\nPRETTY_NAME=\"Gentoo Linux\"\n");
        tools("/bin/sh");
        assertThat(BootableImages.family(root).reason()).startsWith("Gentoo Linux is of no family");
    }

    @Test
    void aSymlinkedOsReleaseIsReadInsideTheRoot() throws IOException {
        Files.createDirectories(root.resolve("usr/lib"));
        Files.writeString(root.resolve("usr/lib/os-release"), "ID=debian\nPRETTY_NAME=Debian\n");
        Files.createDirectories(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("etc/os-release"), Path.of("../usr/lib/os-release"));
        tools("/bin/sh", "/usr/bin/apt-get");
        assertThat(BootableImages.family(root).manager()).contains(PackageManager.APT);
    }

    private void osRelease(String text) throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/os-release"), text);
    }

    private void tools(String... paths) throws IOException {
        for (String path : paths) {
            Path file = root.resolve(path.substring(1));
            Files.createDirectories(file.getParent());
            Files.writeString(file, "");
        }
    }
}

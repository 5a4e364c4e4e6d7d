package org.racker.distro;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The commands that make a registry image of each family bootable. Only Debian's mirror is
 * reachable where the suite runs, so the RPM, zypper and pacman families are checked here,
 * as the shell steps they run.
 */
class BootRecipeTest {
    @Test
    void aptRefreshesItsListsThenInstallsSystemdWithoutRecommends() {
        assertThat(BootRecipe.of(PackageManager.APT).steps()).containsExactly(
                "apt-get update -q",
                "env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends systemd systemd-sysv"
                        + " dbus curl ca-certificates",
                "apt-get clean && rm -rf /var/lib/apt/lists/*");
    }

    @Test
    void dnfInstallsWithoutWeakDependenciesAndCleansUp() {
        assertThat(BootRecipe.of(PackageManager.DNF).steps()).containsExactly(
                "dnf install -y --setopt=install_weak_deps=False systemd curl",
                "dnf clean all");
    }

    @Test
    void yumAndMicrodnfInstallThenClean() {
        assertThat(BootRecipe.of(PackageManager.YUM).steps()).containsExactly("yum install -y systemd curl",
                "yum clean all");
        assertThat(BootRecipe.of(PackageManager.MICRODNF).steps()).containsExactly("microdnf install -y systemd curl",
                "microdnf clean all");
    }

    @Test
    void zypperRefreshesThenInstallsSysvinitAndDbus() {
        assertThat(BootRecipe.of(PackageManager.ZYPPER).steps()).containsExactly(
                "zypper --non-interactive refresh",
                "zypper --non-interactive install --no-recommends --allow-unsigned-rpm systemd systemd-sysvinit dbus-1 curl",
                "zypper --non-interactive clean --all");
    }

    @Test
    void pacmanSyncsThenInstallsWhatIsNeeded() {
        assertThat(BootRecipe.of(PackageManager.PACMAN).steps()).containsExactly(
                "pacman -Sy --noconfirm",
                "pacman -S --noconfirm --needed systemd curl",
                "rm -rf /var/cache/pacman/pkg/*");
    }

    @Test
    void eachFamilysRecipeHasItsOwnStableHash() {
        Set<String> hashes = new HashSet<>();
        for (PackageManager pm : PackageManager.values()) {
            assertThat(BootRecipe.of(pm).hash()).isEqualTo(BootRecipe.of(pm).hash()).matches("[0-9a-f]{64}");
            hashes.add(BootRecipe.of(pm).hash());
        }
        assertThat(hashes).hasSize(PackageManager.values().length);
    }

    @Test
    void provisioningMachineNamesAreValidHostnamesForAnyLabel() {
        String name = Provisioner.machineName("registry.example.com:5000/team/a-very-long-repository-name/with/parts:tag");
        assertThat(name).matches("[A-Za-z0-9-]{1,64}").doesNotContain("--")
                .endsWith("-" + ProcessHandle.current().pid());
        assertThat(Provisioner.machineName("debian-bookworm")).isEqualTo("postroj-provision-debian-bookworm-"
                + ProcessHandle.current().pid());
    }
}

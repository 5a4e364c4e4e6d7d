package org.racker.distro;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PackageManagerTest {
    @Test
    void aptCleanUpDropsDownloadedPackagesAndTheLists() {
        assertThat(PackageManager.APT.cleanCaches()).contains("apt-get clean").contains("rm -rf /var/lib/apt/lists/*");
    }

    @Test
    void pacmanCleanUpDoesNotDependOnAPromptsDefault() {
        assertThat(PackageManager.PACMAN.cleanCaches()).doesNotContain("-Scc");
    }

    @Test
    void everyManagerHasACleanUp() {
        for (PackageManager pm : PackageManager.values()) {
            assertThat(pm.cleanCaches()).as(pm.id()).isNotBlank();
        }
    }
}

package org.racker.runtime.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.racker.InvalidArgumentException;

class BootProfileTest {
    @Test
    void testProfileKeepsWhatCommandsAndProbesUse() {
        assertThat(BootProfile.TEST.maskedUnits()).contains("systemd-logind.service", "getty.target")
                .doesNotContain("dbus.service", "dbus.socket", "systemd-journald.service", "systemd-journald.socket",
                        "systemd-tmpfiles-setup.service", "tmp.mount");
    }

    @Test
    void stockProfileMasksNothing() {
        assertThat(BootProfile.STOCK.maskedUnits()).isEmpty();
        assertThat(BootProfile.STOCK.maskedGenerators()).isEmpty();
    }

    @Test
    void testProfileKeepsTheGeneratorsThatMaskUnitsAndRunInitScripts() {
        assertThat(BootProfile.TEST.maskedGenerators()).contains("systemd-getty-generator",
                "systemd-cryptsetup-generator", "systemd-fstab-generator", "systemd-rc-local-generator")
                .doesNotContain("systemd-debug-generator", "systemd-sysv-generator");
    }

    @Test
    void unitsACallerNeedsAreLeftOutByFullOrServiceLessName() {
        assertThat(BootProfile.TEST.maskedUnitsExcept(List.of("systemd-logind", "fstrim.timer")))
                .doesNotContain("systemd-logind.service", "fstrim.timer").contains("getty.target");
    }

    @Test
    void parsesItsLabelsAndRefusesOthers() throws Exception {
        assertThat(BootProfile.parse("test")).isEqualTo(BootProfile.TEST);
        assertThat(BootProfile.parse("stock")).isEqualTo(BootProfile.STOCK);
        assertThatThrownBy(() -> BootProfile.parse("fast")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("test").hasMessageContaining("stock");
    }
}

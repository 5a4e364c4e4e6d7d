package org.racker.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostInfoTest {
    private static HostInfo host(boolean root, boolean nspawn, boolean overlay) {
        return new HostInfo(root, nspawn ? Optional.of(Path.of("/usr/bin/systemd-nspawn")) : Optional.empty(),
                Optional.empty(), false, false, "hybrid", overlay, false, Optional.empty());
    }

    @Test
    void aRootHostWithNspawnAndOverlayfsIsSupported() {
        assertThat(host(true, true, true).unsupportedReason()).isEmpty();
    }

    @Test
    void eachMissingPieceIsNamedWithItsFix() {
        assertThat(host(false, true, true).unsupportedReason()).get().asString().contains("root").contains("sudo");
        assertThat(host(true, false, true).unsupportedReason()).get().asString()
                .contains("systemd-nspawn").contains("apt-get install systemd-container");
        assertThat(host(true, true, false).unsupportedReason()).get().asString().contains("overlay");
    }

    @Test
    void machinedNeedsSystemdAsPid1AndTheBus(@org.junit.jupiter.api.io.TempDir Path fakeRoot) throws Exception {
        HostProbe probe = new HostProbe(fakeRoot);
        assertThat(probe.probe().systemdPid1()).isFalse();
        java.nio.file.Files.createDirectories(fakeRoot.resolve("run/systemd/system"));
        assertThat(probe.probe().systemdPid1()).isTrue();
        assertThat(probe.probe().machined()).isFalse();
        assertThat(probe.machined()).isFalse();
        java.nio.file.Files.createDirectories(fakeRoot.resolve("run/dbus"));
        java.nio.file.Files.createFile(fakeRoot.resolve("run/dbus/system_bus_socket"));
        java.nio.file.Files.createDirectories(fakeRoot.resolve("usr/lib/systemd"));
        java.nio.file.Files.createFile(fakeRoot.resolve("usr/lib/systemd/systemd-machined"));
        assertThat(probe.probe().machined()).isTrue();
        assertThat(probe.machined()).isTrue();
    }
}

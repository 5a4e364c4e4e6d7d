package org.racker.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.racker.runtime.boot.BootProfile;
import org.racker.runtime.boot.MaskedGenerators;
import org.racker.runtime.files.VolumeMount;
import org.racker.runtime.network.NetworkMode;
import org.racker.runtime.process.HostMode;

class NspawnCommandLineTest {
    private static final Path NSPAWN = Path.of("/usr/bin/systemd-nspawn");
    private static final Path RESOLV = Path.of("/var/lib/racker/containers/abc/resolv.conf");
    private static final Path HOSTS = Path.of("/var/lib/racker/containers/abc/hosts");

    private static List<String> boot(NetworkMode mode, Path resolvConf) {
        ContainerSpec spec = ContainerSpec.builder(Path.of("/roots/bookworm")).command("true").network(mode).build();
        return NspawnCommandLine.boot(NSPAWN, spec, "m1", "h1", HostMode.STANDALONE, true, resolvConf, HOSTS, null, null);
    }

    @Test
    void hostNetworkAddsNoNetworkFlags() {
        assertThat(boot(NetworkMode.HOST, null)).noneMatch(a -> a.contains("network") || a.startsWith("--resolv-conf"));
    }

    @Test
    void noneIsAPrivateNamespaceWithTheImagesOwnResolvConf() {
        List<String> args = boot(NetworkMode.NONE, null);
        assertThat(args).contains("--private-network").noneMatch(a -> a.startsWith("--resolv-conf") || a.endsWith(":/etc/resolv.conf"));
    }

    @Test
    void privateBindsTheContainersResolvConfAndTurnsNspawnsOff() {
        assertThat(boot(NetworkMode.PRIVATE, RESOLV)).contains("--private-network", "--resolv-conf=off",
                "--bind=" + RESOLV + ":/etc/resolv.conf");
    }

    @Test
    void colonsInTheStatePathAreEscapedForNspawn() {
        assertThat(NspawnCommandLine.network(NetworkMode.PRIVATE, Path.of("/state:x/resolv.conf")))
                .contains("--bind=/state\\:x/resolv.conf:/etc/resolv.conf");
    }

    @Test
    void networkOptionsComeBeforeTheArgumentsForTheContainersSystemd() {
        List<String> args = boot(NetworkMode.PRIVATE, RESOLV);
        assertThat(args.indexOf("--private-network")).isLessThan(args.indexOf("--boot"));
        assertThat(args.get(args.size() - 1)).isEqualTo("systemd.hostname=h1");
    }

    @Test
    void aDetachedContainerKeepsItsJournalInTheGivenDirectoryAndGetsNoParentDeathSignal() {
        ContainerSpec spec = ContainerSpec.builder(Path.of("/srv/root")).command("true").build();
        List<String> args = NspawnCommandLine.boot(NSPAWN, spec, "m1", "h1", HostMode.STANDALONE, false, null, HOSTS,
                Path.of("/var/lib/racker/containers/x/journal"), null);
        assertThat(args).contains("--bind=/var/lib/racker/containers/x/journal:/var/log/journal")
                .doesNotContain("setsid", "--pdeathsig=TERM");
        assertThat(args.get(0)).isEqualTo(NSPAWN.toString());
    }

    @Test
    void profileUnitsAreMaskedAfterTheOptionsForTheContainersSystemd() {
        ContainerSpec spec = ContainerSpec.builder(Path.of("/srv/root")).command("true")
                .maskedUnits(BootProfile.TEST.maskedUnits()).build();
        List<String> args = NspawnCommandLine.boot(NSPAWN, spec, "m1", "h1", HostMode.STANDALONE, true, null, HOSTS, null, null);
        assertThat(args).contains("systemd.mask=systemd-logind.service", "systemd.mask=" + BootProfile.JOURNAL_FLUSH);
        assertThat(args.indexOf("systemd.mask=systemd-logind.service")).isGreaterThan(args.indexOf("--boot"));
    }

    @Test
    void aJournalKeptOnTheHostIsStillFlushedToItUnderTheTestProfile() {
        ContainerSpec spec = ContainerSpec.builder(Path.of("/srv/root")).command("true")
                .maskedUnits(BootProfile.TEST.maskedUnits()).build();
        List<String> args = NspawnCommandLine.boot(NSPAWN, spec, "m1", "h1", HostMode.STANDALONE, false, null, HOSTS,
                Path.of("/var/lib/racker/containers/x/journal"), null);
        assertThat(args).contains("systemd.mask=systemd-logind.service")
                .doesNotContain("systemd.mask=" + BootProfile.JOURNAL_FLUSH);
    }

    @Test
    void theStockProfileMasksNothing() {
        assertThat(boot(NetworkMode.HOST, null)).noneMatch(a -> a.startsWith("systemd.mask="));
    }

    @Test
    void everyContainerGetsItsOwnEtcHostsBoundOverTheImages() {
        assertThat(boot(NetworkMode.HOST, null)).contains("--bind=/var/lib/racker/containers/abc/hosts:/etc/hosts");
        assertThat(boot(NetworkMode.PRIVATE, RESOLV)).contains("--bind=/var/lib/racker/containers/abc/hosts:/etc/hosts");
    }

    @Test
    void aVolumeOverEtcLeavesEtcHostsToTheUser() {
        ContainerSpec spec = ContainerSpec.builder(Path.of("/roots/bookworm")).command("true")
                .volume(new VolumeMount(Path.of("/srv/etc"), "/etc", true)).build();
        assertThat(NspawnCommandLine.boot(NSPAWN, spec, "m1", "h1", HostMode.STANDALONE, true, null, HOSTS, null, null))
                .noneMatch(a -> a.endsWith(":/etc/hosts"));
    }

    @Test
    void aChangesDirectoryBootsAnOverlayMountedInNspawnsOwnMountNamespace() {
        ContainerSpec spec = ContainerSpec.builder(Path.of("/roots/bookworm")).command("true")
                .changesDirectory(Path.of("/state/testbeds/t1/changes")).build();
        List<String> args = NspawnCommandLine.boot(NSPAWN, spec, "m1", "h1", HostMode.STANDALONE, true, null, HOSTS, null, null);

        assertThat(args).doesNotContain("--volatile=overlay").contains("--directory=/state/testbeds/t1/changes/merged")
                .contains("lowerdir=/roots/bookworm,upperdir=/state/testbeds/t1/changes/upper,"
                        + "workdir=/state/testbeds/t1/changes/work");
        assertThat(args.subList(0, 8)).containsExactly("setsid", "setpriv", "--pdeathsig=TERM", "--", "unshare",
                "--mount", "--propagation=private", "--");
        assertThat(args.indexOf("/state/testbeds/t1/changes/merged")).isLessThan(args.indexOf(NSPAWN.toString()));
    }

    @Test
    void overlayfsOptionSeparatorsInAChangesPathAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ChangesDirectory.checkUsable(Path.of("/state/a,b"),
                Path.of("/roots/bookworm"))).isInstanceOf(org.racker.InvalidArgumentException.class)
                .hasMessageContaining("/state/a,b");
    }

    @Test
    void maskedGeneratorsAreBoundReadOnlyWhereTheContainersSystemdLooksFirst() {
        ContainerSpec spec = ContainerSpec.builder(Path.of("/roots/bookworm")).command("true").build();
        List<String> args = NspawnCommandLine.boot(NSPAWN, spec, "m1", "h1", HostMode.STANDALONE, true, null, HOSTS, null,
                Path.of("/state/abc/generators-masked"));
        assertThat(args).contains("--bind-ro=/state/abc/generators-masked:/run/systemd/system-generators");
        assertThat(args.indexOf("--bind-ro=/state/abc/generators-masked:/run/systemd/system-generators"))
                .isLessThan(args.indexOf("--boot"));
        assertThat(NspawnCommandLine.boot(NSPAWN, spec, "m1", "h1", HostMode.STANDALONE, true, null, HOSTS, null, null))
                .noneMatch(a -> a.contains("system-generators"));
    }

    @Test
    void theMaskedGeneratorsDirectoryLinksEachToDevNullAndCanBeWrittenAgain(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path written = MaskedGenerators.write(dir, List.of("systemd-getty-generator", "zram-generator"));
        MaskedGenerators.write(dir, List.of("systemd-getty-generator", "zram-generator"));
        assertThat(java.nio.file.Files.readSymbolicLink(written.resolve("systemd-getty-generator")))
                .isEqualTo(Path.of("/dev/null"));
        assertThat(written.toFile().list()).containsExactlyInAnyOrder("systemd-getty-generator", "zram-generator");
        assertThat(MaskedGenerators.write(dir, List.of())).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MaskedGenerators.write(dir, List.of("../x")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

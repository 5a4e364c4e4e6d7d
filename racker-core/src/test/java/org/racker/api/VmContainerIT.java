package org.racker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.runtime.ContainerNotRunningException;
import org.racker.testing.Leaks;
import org.racker.testing.TestRootfs;

/**
 * The API's {@link Container} on a QEMU VM ({@code ContainerConfig.vm(true)}): commands, files
 * and logs through the guest agent, one boot of the bookworm test root's VM image (kept in
 * the test cache's VM state root, so only a machine's first run derives it).
 */
@Tag("integration")
@Tag("vm")
@Tag("slow")
@Timeout(value = 15, unit = TimeUnit.MINUTES) // a VM boot under software emulation on a busy machine
class VmContainerIT {
    /** In the environment of this test's VMs: other tests' VMs may run in the same state root meanwhile. */
    private static final String MARK = "RACKER_TEST=VmContainerIT";

    private final Path state = TestRootfs.vmStateRoot();

    @AfterEach
    void nothingLeftBehind() {
        assertThat(Leaks.ofVmsUnder(state, MARK)).as("QEMU or a record of this test's VMs under " + state).isEmpty();
    }

    @Test
    void aVmContainerRunsCommandsCopiesFilesAndShowsItsJournal(@TempDir Path dir) throws Exception {
        Racker racker = Racker.withRoot(state);
        Container vm = racker.start(ContainerConfig.builder(Image.directory(TestRootfs.bookworm())).vm(true)
                .bootProfile(ContainerConfig.BootProfile.TEST).env("GREETING", "hello vm").env("RACKER_TEST", "VmContainerIT")
                .waitingFor(WaitStrategy.unitActive("systemd-journald")).build());
        try (vm) {
            assertThat(vm.isRunning()).isTrue();
            assertThat(vm.leaderPid()).as("no host process is the guest's init").isZero();
            String hostKernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
            ExecResult uname = vm.exec("uname", "-r");
            assertThat(uname.exitCode()).isZero();
            assertThat(uname.stdoutText().strip()).as("the guest's own kernel").endsWith("-cloud-amd64")
                    .isNotEqualTo(hostKernel);

            byte[] input = "line one\n\0\377 two".getBytes(StandardCharsets.ISO_8859_1);
            ExecResult cat = vm.exec(Command.of("sh", "-c", "cat; printf '%s/%s' \"$GREETING\" \"$EXTRA\" >&2; exit 3")
                    .withEnv("EXTRA", "x y").withStdin(input));
            assertThat(cat.exitCode()).isEqualTo(3);
            assertThat(cat.stdout()).isEqualTo(input);
            assertThat(cat.stderrText()).isEqualTo("hello vm/x y");
            assertThat(vm.exec("no-such-command").exitCode()).isEqualTo(127);
            assertThat(vm.exec("/etc/debian_version").exitCode()).isEqualTo(126);

            byte[] content = new byte[200_000];
            new Random(11).nextBytes(content);
            Path file = Files.write(dir.resolve("blob.bin"), content);
            vm.copyIn(file, "/root");
            assertThat(vm.exec("sha256sum", "/root/blob.bin").stdoutText())
                    .startsWith(sha256(content));
            Path back = Files.createDirectories(dir.resolve("back"));
            vm.copyOut("/root/blob.bin", back);
            assertThat(Files.readAllBytes(back.resolve("blob.bin"))).isEqualTo(content);

            assertThat(vm.logs()).contains("systemd-journald");
            assertThatThrownBy(() -> vm.start(Command.of("true"))).isInstanceOf(RackerException.class)
                    .hasMessageContaining("not available for a VM");
            assertThatThrownBy(() -> vm.exec(Command.of("true").withUser("nobody")))
                    .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("as root");
        }
        assertThat(vm.isRunning()).isFalse();
        assertThatThrownBy(() -> vm.exec("true")).isInstanceOf(ContainerNotRunningException.class);
    }

    @Test
    void whatAVmCannotDoIsRefusedBeforeAnythingBoots(@TempDir Path dir) {
        Racker racker = Racker.withRoot(state);
        ContainerConfig.Builder base = ContainerConfig.builder(Image.directory(TestRootfs.bookworm())).vm(true);
        assertThat(base.build().bootTimeout()).isEqualTo(ContainerConfig.DEFAULT_VM_BOOT_TIMEOUT);
        assertThatThrownBy(() -> racker.start(base.build().toBuilder().mode(ContainerConfig.Mode.APP).build()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("a VM boots its image");
        assertThatThrownBy(() -> racker.start(base.build().toBuilder().volume(new Volume(dir, "/mnt", true)).build()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("copyIn");
        assertThatThrownBy(() -> racker.start(base.build().toBuilder().changesDirectory(dir.resolve("changes")).build()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("changes directory");
    }

    private static String sha256(byte[] content) throws IOException {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
    }
}

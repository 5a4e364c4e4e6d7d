package org.racker.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.racker.runtime.boot.BootProfile;
import org.racker.CommandNotExecutableException;
import org.racker.CommandNotFoundException;
import org.racker.EventLog;
import org.racker.testing.TestRootfs;

/**
 * One real VM (QEMU; software emulation where the host has no KVM) booted from the bookworm
 * test root once, for every command case, then powered off in order through its guest agent.
 */
@Tag("integration")
@Tag("vm")
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 15, unit = TimeUnit.MINUTES) // a VM boot under software emulation on a busy machine
class VirtualMachineIT {
    private static final List<String> ENV = VirtualMachine.DEFAULT_ENVIRONMENT;

    @TempDir
    static Path state;

    static VirtualMachine vm;

    @BeforeAll
    static void boot() throws Exception {
        VmImage image = new VmImageBuilder(TestRootfs.vmStateRoot().resolve("vm"), EventLog.SILENT)
                .derive(TestRootfs.bookworm(), "bookworm");
        vm = VirtualMachine.boot(VmRunner.qemuBinary(), Accelerator.detect(Path.of("/dev/kvm")), image,
                VmOptions.DEFAULT, BootProfile.TEST.maskedUnits(), state, Duration.ofMinutes(10), EventLog.SILENT,
                qemu -> { });
    }

    @AfterAll
    static void powerOff() {
        if (vm != null && vm.process().isAlive()) {
            vm.discard();
        }
    }

    @Test
    @Order(1)
    void exitStatusesPassThrough() throws Exception {
        assertThat(vm.exec(List.of("true"), ENV, new byte[0]).exitCode()).isZero();
        assertThat(vm.exec(List.of("false"), ENV, new byte[0]).exitCode()).isEqualTo(1);
        assertThat(vm.exec(List.of("sh", "-c", "exit 3"), ENV, new byte[0]).exitCode()).isEqualTo(3);
    }

    @Test
    @Order(2)
    void missingCommandIs127AndNonExecutableIs126() {
        assertThatThrownBy(() -> vm.exec(List.of("no-such-command"), ENV, new byte[0]))
                .isInstanceOf(CommandNotFoundException.class);
        // not executable for sure (bootstrapped roots' /etc/hostname is executable)
        assertThatThrownBy(() -> vm.exec(List.of("/etc/debian_version"), ENV, new byte[0]))
                .isInstanceOf(CommandNotExecutableException.class);
        assertThatThrownBy(() -> vm.exec(List.of("/etc"), ENV, new byte[0]))
                .isInstanceOf(CommandNotExecutableException.class);
    }

    @Test
    @Order(3)
    void stdinStdoutStderrByteExact() throws Exception {
        byte[] input = new byte[256 * 3];
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) i;
        }
        GuestExecResult r = vm.exec(List.of("sh", "-c", "cat; printf 'e\\377\\000r\\n' >&2"), ENV, input);
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).isEqualTo(input);
        assertThat(r.stderr()).isEqualTo(new byte[] {'e', (byte) 0xff, 0, 'r', '\n'});
    }

    @Test
    @Order(4)
    void environmentIsTheCallers() throws Exception {
        GuestExecResult r = vm.exec(List.of("printenv", "we.ird-name"), List.of("PATH=/usr/bin:/bin", "we.ird-name=v"),
                new byte[0]);
        assertThat(new String(r.stdout(), StandardCharsets.UTF_8)).isEqualTo("v\n");
    }

    @Test
    @Order(5)
    void filesBothWays() throws Exception {
        byte[] content = "line\n\0\377".getBytes(StandardCharsets.ISO_8859_1);
        vm.writeFile("/tmp/racker-file", content);
        assertThat(vm.exec(List.of("cmp", "-s", "/tmp/racker-file", "-"), ENV, content).exitCode()).isZero();
        assertThat(vm.readFile("/tmp/racker-file")).isEqualTo(content);
        assertThat(new String(vm.readFile("/etc/debian_version"), StandardCharsets.UTF_8)).startsWith("12.");
    }

    @Test
    @Order(6)
    void orderlyPoweroffLeavesNothing() throws Exception {
        Process qemu = vm.process();
        assertThat(vm.powerOff(Duration.ofMinutes(2))).as("the guest powered off by itself").isTrue();
        assertThat(qemu.isAlive()).isFalse();
        try (Stream<Path> left = Files.list(state)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(".sock") || n.startsWith("vl."));
        }
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(state.toString())))
                .as("no QEMU of this test left").isEmpty();
    }
}

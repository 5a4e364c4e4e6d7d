package org.racker.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QemuCommandLineTest {
    private static final VmImage IMAGE = VmImage.in(Path.of("/var/lib/racker/vm/abc"));

    private static List<String> args(Accelerator accel, VmOptions options) {
        return new QemuCommandLine(Path.of("/usr/bin/qemu-system-x86_64"), accel, options, IMAGE,
                QemuCommandLine.kernelArguments(List.of("getty.target", "systemd-logind.service")), "agent.sock",
                "monitor.sock", Path.of("/state/kernel-console.log"), Path.of("/state/console.log")).arguments();
    }

    @Test
    void tcgWithoutHostCpu() {
        List<String> a = args(Accelerator.TCG, VmOptions.DEFAULT);
        assertThat(a).containsSequence("-machine", "q35,accel=tcg").doesNotContain("-cpu");
        assertThat(a).containsSequence("-m", "512").containsSequence("-smp", "1");
    }

    @Test
    void kvmPassesTheHostCpu() {
        List<String> a = args(Accelerator.KVM, new VmOptions(2048, 2));
        assertThat(a).containsSequence("-machine", "q35,accel=kvm").containsSequence("-cpu", "host");
        assertThat(a).containsSequence("-m", "2048").containsSequence("-smp", "2");
    }

    @Test
    void directKernelBootWithMaskedUnits() {
        List<String> a = args(Accelerator.TCG, VmOptions.DEFAULT);
        assertThat(a).containsSequence("-kernel", "/var/lib/racker/vm/abc/vmlinuz")
                .containsSequence("-initrd", "/var/lib/racker/vm/abc/initrd.img");
        String append = a.get(a.indexOf("-append") + 1);
        assertThat(append).startsWith("root=/dev/vda rw console=ttyS0")
                .contains(" systemd.mask=getty.target systemd.mask=systemd-logind.service");
    }

    @Test
    void publishedPortsAreForwardsOfTheUserNetworkWhichTheGuestConfiguresByDhcp() {
        List<String> a = args(Accelerator.TCG, VmOptions.DEFAULT.withPorts(List.of(
                new org.racker.runtime.network.PortMapping("127.0.0.1", 40001, 80, "tcp"),
                new org.racker.runtime.network.PortMapping("0.0.0.0", 40002, 53, "udp"))));
        assertThat(a).containsSequence("-netdev",
                "user,id=net0,hostfwd=tcp:127.0.0.1:40001-:80,hostfwd=udp:0.0.0.0:40002-:53");
        assertThat(a.get(a.indexOf("-append") + 1)).contains(" ip=dhcp ")
                .contains(" systemd.wants=systemd-networkd.service");
    }

    @Test
    void userDiskBootsThroughTheFirmwareInItsOwnFormatAndIsNeverWritten() {
        List<String> a = new QemuCommandLine(Path.of("/usr/bin/qemu-system-x86_64"), Accelerator.TCG, VmOptions.DEFAULT,
                new VmDisk(Path.of("/data/win,2.qcow2"), DiskFormat.QCOW2), List.of(), "agent.sock", "monitor.sock",
                Path.of("/state/kernel-console.log"), Path.of("/state/console.log")).arguments();
        assertThat(a).doesNotContain("-kernel", "-initrd", "-append");
        assertThat(a).containsSequence("-drive", "file=/data/win,,2.qcow2,format=qcow2,if=virtio,snapshot=on");
        assertThat(a).containsSequence("-device", "virtserialport,chardev=agent,name=org.qemu.guest_agent.0");
    }

    @Test
    void diskIsVirtioAndNeverWritten() {
        List<String> a = args(Accelerator.TCG, VmOptions.DEFAULT);
        assertThat(a).containsSequence("-drive", "file=/var/lib/racker/vm/abc/disk.raw,format=raw,if=virtio,snapshot=on");
        assertThat(a).contains("-nodefaults", "-no-reboot");
    }

    @Test
    void agentPortMonitorAndConsole() {
        List<String> a = args(Accelerator.TCG, VmOptions.DEFAULT);
        assertThat(a).containsSequence("-chardev", "socket,id=agent,path=agent.sock,server=on,wait=off",
                "-device", "virtserialport,chardev=agent,name=org.qemu.guest_agent.0");
        assertThat(a).containsSequence("-chardev", "socket,id=monitor,path=monitor.sock,server=on,wait=off",
                "-mon", "chardev=monitor,mode=control");
        assertThat(a).containsSequence("-chardev", "file,id=console,path=/state/kernel-console.log", "-serial",
                "chardev:console");
        assertThat(a).containsSequence("-chardev", "file,id=output,path=/state/console.log", "-device",
                "virtserialport,chardev=output,name=org.racker.output");
        assertThat(a).containsSequence("-chardev", "file,id=exit,path=/state/exit-status", "-device",
                "virtserialport,chardev=exit,name=org.racker.exit");
        assertThat(a).containsSequence("-netdev", "user,id=net0", "-device", "virtio-net-pci,netdev=net0");
    }

    @Test
    void commaInPathIsDoubled() {
        assertThat(QemuCommandLine.driveValue(Path.of("/a,b/disk.raw"))).isEqualTo("/a,,b/disk.raw");
    }

    @Test
    void acceleratorFromDevice(@TempDir Path dir) throws Exception {
        Path vmx = Files.writeString(dir.resolve("cpuinfo-vmx"), "processor\t: 0\nflags\t\t: fpu vme sse2 vmx ssse3\n");
        assertThat(Accelerator.detect(dir.resolve("kvm"), vmx)).isEqualTo(Accelerator.TCG);
        assertThat(Files.exists(dir.resolve("kvm"))).as("detection never creates the device").isFalse();
        Path regular = Files.createFile(dir.resolve("regular"));
        assertThat(Accelerator.detect(regular, vmx)).isEqualTo(Accelerator.TCG);
        // a character device that opens read-write: what a usable /dev/kvm is
        assertThat(Accelerator.detect(Path.of("/dev/null"), vmx)).isEqualTo(Accelerator.KVM);
    }

    @Test
    void noKvmWithoutTheCpusVirtualisation(@TempDir Path dir) throws Exception {
        Path none = Files.writeString(dir.resolve("cpuinfo"), "processor\t: 0\nflags\t\t: fpu vme sse2 hypervisor\n"
                + "processor\t: 1\nflags\t\t: fpu vme sse2 hypervisor\n");
        assertThat(Accelerator.detect(Path.of("/dev/null"), none)).isEqualTo(Accelerator.TCG);
        Path svm = Files.writeString(dir.resolve("cpuinfo-svm"), "flags\t\t: fpu svm\n");
        assertThat(Accelerator.detect(Path.of("/dev/null"), svm)).isEqualTo(Accelerator.KVM);
        // "vmx" only as a whole flag, not inside another word
        Path lookalike = Files.writeString(dir.resolve("cpuinfo-x"), "flags\t\t: fpu vmxfoo\n");
        assertThat(Accelerator.detect(Path.of("/dev/null"), lookalike)).isEqualTo(Accelerator.TCG);
    }
}

package org.racker.vm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * QEMU's argument list for one VM: a derived image's kernel booted directly (no firmware boot
 * loader to wait for), or a user's disk booted by the firmware (SeaBIOS) from its own boot
 * loader; the disk and network as virtio devices, the guest agent's port and the
 * monitor as unix sockets in QEMU's working directory (the VM's state directory; named
 * relative to it, as a socket's path may not be longer than 107 bytes), the console to a file. The disk is
 * opened with {@code snapshot=on}: writes go to a temporary overlay in QEMU's $TMPDIR, so
 * the image is never changed and the overlay goes with the VM.
 *
 * @param kernelArguments the guest kernel's command line (systemd takes its {@code systemd.*} switches from
 *     it); for a derived image only: a disk's boot loader has its own
 */
record QemuCommandLine(Path qemu, Accelerator accelerator, VmOptions options, VmMachine machine,
        List<String> kernelArguments, String agentSocket, String monitorSocket, Path console, Path output) {

    /** The guest agent's well-known port name: qemu-guest-agent's unit waits for this device. */
    static final String AGENT_PORT = "org.qemu.guest_agent.0";
    /** The port a detached command's output goes to, kept on the host for {@code logs}. */
    static final String OUTPUT_PORT = "org.racker.output";
    /** The port a detached command's exit status goes to, for {@code wait} and {@code inspect}. */
    static final String EXIT_PORT = "org.racker.exit";
    /**
     * Where QEMU keeps that status, beside the output: the state directory's file from which
     * racker settles any detached container that ended on its own.
     */
    static final String EXIT_FILE = "exit-status";

    QemuCommandLine {
        kernelArguments = List.copyOf(kernelArguments);
    }

    List<String> arguments() {
        List<String> args = new ArrayList<>(List.of(qemu.toString(),
                "-machine", "q35,accel=" + accelerator.id(),
                "-m", Integer.toString(options.memoryMiB()),
                "-smp", Integer.toString(options.cpus()),
                // only the devices named here: no default NIC, VGA, floppy or parallel port
                "-nodefaults", "-no-user-config", "-display", "none",
                // a guest that reboots (or panics, with panic=-1) ends the VM
                "-no-reboot"));
        if (accelerator == Accelerator.KVM) {
            args.addAll(List.of("-cpu", "host"));
        }
        if (machine instanceof VmImage image) {
            args.addAll(List.of(
                    "-kernel", image.kernel().toString(),
                    "-initrd", image.initrd().toString(),
                    "-append", String.join(" ", kernelArguments),
                    "-drive", "file=" + driveValue(image.disk()) + ",format=raw,if=virtio,snapshot=on"));
        } else if (machine instanceof VmDisk disk) {
            // the format named, never probed: a raw disk's content must not pass for another format
            args.addAll(List.of("-drive", "file=" + driveValue(disk.file()) + ",format=" + disk.format().id()
                    + ",if=virtio,snapshot=on"));
        }
        args.addAll(List.of(
                "-netdev", netdev(options.ports()),
                "-device", "virtio-net-pci,netdev=net0",
                "-chardev", "file,id=console,path=" + driveValue(console),
                "-serial", "chardev:console",
                "-device", "virtio-serial-pci",
                "-chardev", "socket,id=agent,path=" + agentSocket.replace(",", ",,") + ",server=on,wait=off",
                "-device", "virtserialport,chardev=agent,name=" + AGENT_PORT,
                "-chardev", "file,id=output,path=" + driveValue(output),
                "-device", "virtserialport,chardev=output,name=" + OUTPUT_PORT,
                "-chardev", "file,id=exit,path=" + driveValue(output.resolveSibling(EXIT_FILE)),
                "-device", "virtserialport,chardev=exit,name=" + EXIT_PORT,
                "-chardev", "socket,id=monitor,path=" + monitorSocket.replace(",", ",,") + ",server=on,wait=off",
                "-mon", "chardev=monitor,mode=control"));
        return args;
    }

    /** The user-mode network, with a forward from the host for each published port. */
    static String netdev(List<org.racker.runtime.network.PortMapping> ports) {
        StringBuilder value = new StringBuilder("user,id=net0");
        for (org.racker.runtime.network.PortMapping p : ports) {
            value.append(",hostfwd=").append(p.protocol()).append(':').append(p.hostIp()).append(':')
                    .append(p.hostPort()).append("-:").append(p.containerPort());
        }
        return value.toString();
    }

    /**
     * The guest kernel's command line: the disk as root, the console on the first serial
     * port, quiet (every console byte is slow under emulation), and {@code masked} units
     * skipped for this boot.
     */
    static List<String> kernelArguments(List<String> masked) {
        List<String> args = new ArrayList<>(List.of("root=/dev/vda", "rw", "console=ttyS0", "panic=-1", "quiet",
                "systemd.show_status=false",
                // the user-mode network's DHCP, through systemd's own units for this boot: the
                // image needs no network configuration of its own
                "ip=dhcp", "systemd.wants=systemd-network-generator.service",
                "systemd.wants=systemd-networkd.service"));
        for (String unit : masked) {
            args.add("systemd.mask=" + unit);
        }
        return args;
    }

    /** QEMU's option syntax escapes a comma in a value by doubling it. */
    static String driveValue(Path path) {
        return path.toString().replace(",", ",,");
    }
}

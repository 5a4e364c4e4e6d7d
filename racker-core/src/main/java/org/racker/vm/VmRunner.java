package org.racker.vm;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.host.HostUnsupportedException;
import org.racker.host.ProcessIdentity;
import org.racker.CommandNotExecutableException;
import org.racker.CommandNotFoundException;
import org.racker.runtime.ContainerSpec;
import org.racker.runtime.exec.EnvironmentVariable;
import org.racker.EventLog;
import org.racker.runtime.ContainerRunner;
import org.racker.host.ExitCleanup;
import org.racker.runtime.network.HostPorts;
import org.racker.runtime.network.PortMapping;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;
import org.racker.state.ContainerStore;

/**
 * {@code racker run --vm}: the spec's image booted as a QEMU VM, its command run through the
 * guest agent, the VM ended and its state settled on every path, a signal to racker included.
 * The VM is a container record like any other (mode {@code vm}, QEMU as its process), so
 * {@code ps}, {@code inspect} and the reaper of abandoned containers see it.
 */
public final class VmRunner {
    /** The record's mode for a VM. */
    public static final String MODE = "vm";

    private final ContainerStore store;
    private final Path imagesDir;
    private final EventLog log;
    private final Consumer<String> notices;
    private final Path devKvm;

    /**
     * @param imagesDir where VM images derived from the images' roots are kept
     * @param notices where the one line saying how the VM runs goes (KVM or emulation)
     */
    public VmRunner(ContainerStore store, Path imagesDir, EventLog log, Consumer<String> notices) {
        this(store, imagesDir, log, notices, Path.of("/dev/kvm"));
    }

    VmRunner(ContainerStore store, Path imagesDir, EventLog log, Consumer<String> notices, Path devKvm) {
        this.store = store;
        this.imagesDir = imagesDir;
        this.log = log;
        this.notices = notices;
        this.devKvm = devKvm;
    }

    /**
     * Runs the spec's command in a new VM, its output written to {@code out} and {@code err}
     * byte for byte; returns its exit status.
     */
    public int run(ContainerSpec spec, VmOptions options, byte[] stdin, OutputStream out, OutputStream err)
            throws RackerException, InterruptedException {
        return run(spec, null, options, stdin, out, err);
    }

    /**
     * The same with {@code disk} as the machine ({@code run --vm --disk}): booted by its own
     * boot loader, never written to; the spec's root names the disk the user gave.
     */
    public int run(ContainerSpec spec, VmDisk disk, VmOptions options, byte[] stdin, OutputStream out,
            OutputStream err) throws RackerException, InterruptedException {
        if (spec.command().isEmpty()) {
            throw new InvalidArgumentException("no command given: name the command to run after the image");
        }
        refuseUnsupported(spec);
        Prepared prepared = prepare(spec, disk);
        Teardown teardown = prepared.teardown();
        int exitCode = 125;
        try {
            VirtualMachine vm = boot(spec, options, prepared, true);
            GuestExecResult result;
            try {
                result = vm.exec(spec.command(), environment(spec), stdin);
            } catch (CommandNotFoundException e) {
                exitCode = 127;
                throw e;
            } catch (CommandNotExecutableException e) {
                exitCode = 126;
                throw e;
            }
            write(out, result.stdout());
            write(err, result.stderr());
            if (result.truncated()) {
                log.info("the guest agent kept only part of the command's output");
            }
            exitCode = result.exitCode();
            return exitCode;
        } finally {
            teardown.finish(exitCode, spec);
        }
    }

    /**
     * Boots a throw-away VM of the spec's image and leaves it up for the caller's commands
     * until the handle is closed (a probe's machine); the spec's command is not run.
     */
    public RunningVm start(ContainerSpec spec, VmOptions options) throws RackerException, InterruptedException {
        refuseUnsupported(spec);
        if (!spec.removeOnExit()) {
            throw new IllegalArgumentException("a VM started for commands is thrown away: set removeOnExit");
        }
        Prepared prepared = prepare(spec, null);
        Teardown teardown = prepared.teardown();
        try {
            VirtualMachine vm = boot(spec, options, prepared, true);
            return new RunningVm(teardown.record(), vm, environment(spec), () -> teardown.finish(0, spec));
        } catch (RackerException | InterruptedException | RuntimeException e) {
            teardown.finish(125, spec);
            throw e;
        }
    }

    /**
     * {@code run -d --vm}: boots the VM and leaves it running after racker has gone; a command,
     * if given, is started in it and not waited for. Returns the container's id.
     */
    public String runDetached(ContainerSpec spec, VmOptions options) throws RackerException, InterruptedException {
        return runDetached(spec, null, options);
    }

    /**
     * The same with {@code disk} as the machine. Its content is not looked into on the host:
     * a command that cannot start shows only in the guest.
     */
    public String runDetached(ContainerSpec spec, VmDisk disk, VmOptions options) throws RackerException,
            InterruptedException {
        refuseUnsupported(spec);
        if (!spec.command().isEmpty() && disk == null) {
            // the VM image's root is the image's: the command is found there as in the guest
            org.racker.runtime.exec.ExecutableLookup.require(spec.execRequest(), spec.rootfs(), spec.volumes());
        }
        Prepared prepared = prepare(spec, disk);
        Teardown teardown = prepared.teardown();
        try {
            VirtualMachine vm = boot(spec, options, prepared, false);
            if (!spec.command().isEmpty()) {
                vm.start(spec.command(), environment(spec));
            }
            vm.detach();
            teardown.detach();
            return prepared.record().id();
        } finally {
            teardown.finish(125, spec);
        }
    }

    /** What precedes a boot: QEMU found, the VM image derived, the record reserved and guarded. */
    private record Prepared(Path qemu, VmMachine machine, Accelerator accelerator, ContainerRecord record,
            Teardown teardown, List<PortMapping> ports) { }

    /** {@code disk} null: the VM image derived from the spec's root. */
    private Prepared prepare(ContainerSpec spec, VmDisk disk) throws RackerException, InterruptedException {
        Path qemu = qemuBinary();
        List<PortMapping> ports = HostPorts.claim(spec.ports());
        ContainerRecord record = record(spec, ports);
        VmMachine machine = disk != null ? disk : new VmImageBuilder(imagesDir, log).derive(spec.rootfs(), spec.image());
        Accelerator accelerator = Accelerator.detect(devKvm);
        if (accelerator == Accelerator.TCG) {
            notices.accept("racker: no usable /dev/kvm: the VM runs under software emulation (TCG), far slower than"
                    + " with KVM");
        }
        store.reserve(record);
        Teardown teardown = new Teardown(record);
        ExitCleanup.register(teardown.onExit);
        store.save(record);
        return new Prepared(qemu, machine, accelerator, record, teardown, ports);
    }

    private VirtualMachine boot(ContainerSpec spec, VmOptions options, Prepared p, boolean dieWithRacker)
            throws VmException, InterruptedException {
        VirtualMachine vm = VirtualMachine.boot(p.qemu(), p.accelerator(), p.machine(), options.withPorts(p.ports()),
                spec.maskedUnits(),
                store.directoryOf(p.record().id()), spec.bootTimeout(), dieWithRacker, log, p.teardown()::started);
        p.teardown().booted(vm);
        return vm;
    }

    private static void write(OutputStream stream, byte[] bytes) throws VmException {
        try {
            stream.write(bytes);
            stream.flush();
        } catch (IOException e) {
            throw new VmException("cannot write the command's output: " + e.getMessage(), e);
        }
    }

    /** What a VM cannot do yet; refused up front rather than silently ignored. */
    private static void refuseUnsupported(ContainerSpec spec) throws InvalidArgumentException {
        if (!spec.volumes().isEmpty()) {
            throw new InvalidArgumentException("--vm does not take -v: a VM has no host directories bound in");
        }
        for (PortMapping p : spec.ports()) {
            if (p.hostIp().contains(":")) {
                throw new InvalidArgumentException("--vm publishes ports on IPv4 addresses only (QEMU's user-mode"
                        + " network): use -p 127.0.0.1:" + (p.hostPort() == 0 ? "" : p.hostPort() + ":")
                        + p.containerPort() + " or leave the address out");
            }
        }
        if (spec.tty()) {
            throw new InvalidArgumentException("--vm does not take -t: the guest agent gives commands no terminal");
        }
        if (spec.workingDirectory() != null && !spec.workingDirectory().equals("/")) {
            throw new InvalidArgumentException("--vm does not take -w: commands run in the guest agent's directory (/)");
        }
        if (spec.user() != null && !spec.user().equals("root") && !spec.user().equals("0")) {
            throw new InvalidArgumentException("--vm does not take -u: commands run as root in the VM");
        }
    }

    /** The guest's defaults, with the spec's variables over them. */
    static List<String> environment(ContainerSpec spec) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String assignment : VirtualMachine.DEFAULT_ENVIRONMENT) {
            int eq = assignment.indexOf('=');
            env.put(assignment.substring(0, eq), assignment.substring(eq + 1));
        }
        for (EnvironmentVariable v : spec.environment()) {
            env.put(v.name(), v.value());
        }
        List<String> list = new ArrayList<>();
        env.forEach((k, v) -> list.add(k + "=" + v));
        return list;
    }

    static Path qemuBinary() throws HostUnsupportedException {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, "qemu-system-x86_64");
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        throw new HostUnsupportedException("qemu-system-x86_64 was not found: install the qemu-system-x86 package"
                + " (scripts/install-deps does) to run VMs");
    }

    private static ContainerRecord record(ContainerSpec spec, List<PortMapping> ports) throws InvalidArgumentException {
        String id = ContainerRunner.newId();
        String name = spec.name() != null ? ContainerRunner.validName(spec.name()) : "racker-" + id.substring(0, 12);
        String hostname = spec.hostname() != null ? spec.hostname() : id.substring(0, 12);
        return new ContainerRecord(id, name, spec.image(), spec.rootfs().toString(), spec.command(), MODE, hostname,
                Instant.now(), ContainerStatus.CREATED, ProcessIdentity.self(), null, null, null, null,
                spec.removeOnExit(), spec.detach(), spec.environment().stream().map(EnvironmentVariable::assignment).toList(),
                spec.workingDirectory(), List.of(), "user", null, ports.stream().map(PortMapping::toString).toList(),
                List.of());
    }

    /** Ends the VM and settles its record exactly once, on the normal path or on a signal. */
    private final class Teardown {
        /** What {@link ExitCleanup} runs when a signal ends the JVM first. */
        final Runnable onExit = this::onSignal;
        private ContainerRecord record;
        private Process qemu;
        private VirtualMachine vm;
        private boolean done;

        Teardown(ContainerRecord record) {
            this.record = record;
        }

        synchronized ContainerRecord record() {
            return record;
        }

        synchronized void started(Process process) {
            qemu = process;
            record = record.starting(ProcessIdentity.of(process.pid()).orElse(null));
            store.save(record);
        }

        /** Handed over to QEMU: the VM outlives racker, QEMU is the record's owner. */
        synchronized void detach() {
            done = true;
            ExitCleanup.unregister(onExit);
            record = record.detach();
            store.save(record);
        }

        synchronized void booted(VirtualMachine machine) {
            vm = machine;
            record = record.running(record.nspawn(), null);
            store.save(record);
        }

        void onSignal() {
            log.info("interrupted: stopping " + record.name());
            synchronized (this) {
                if (done) {
                    return;
                }
                end(true, java.time.Duration.ZERO);
                settle(130, record.removeOnExit());
            }
        }

        synchronized void finish(int exitCode, ContainerSpec spec) {
            if (done) {
                return;
            }
            end(spec.throwAway(), spec.stopTimeout());
            settle(exitCode, spec.removeOnExit() || vm == null);
        }

        private void end(boolean throwAway, java.time.Duration stopTimeout) {
            if (done) {
                return;
            }
            done = true;
            ExitCleanup.unregister(onExit);
            if (vm != null && throwAway) {
                vm.discard();
            } else if (vm != null) {
                vm.powerOff(stopTimeout);
            } else if (qemu != null) {
                VirtualMachine.end(qemu, null, null, store.directoryOf(record.id()));
            }
        }

        private void settle(int exitCode, boolean forget) {
            try {
                if (forget) {
                    store.remove(record);
                } else {
                    store.save(record.exited(exitCode, Instant.now()));
                }
            } catch (UncheckedIOException e) {
                log.info("could not update the state of " + record.name() + ": " + e.getMessage());
            }
        }
    }
}

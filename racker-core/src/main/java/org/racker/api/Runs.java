package org.racker.api;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.racker.EventLog;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.fs.StateRoot;
import org.racker.host.HostProbe;
import org.racker.runtime.AbandonedContainerReaper;
import org.racker.runtime.ContainerRunner;
import org.racker.runtime.ContainerSpec;
import org.racker.runtime.exec.EnvironmentFile;
import org.racker.runtime.exec.EnvironmentVariable;
import org.racker.runtime.exec.Stdio;
import org.racker.runtime.files.VolumeMount;
import org.racker.runtime.network.ExtraHost;
import org.racker.runtime.network.PortMapping;
import org.racker.vm.VmDisk;
import org.racker.vm.VmDisks;
import org.racker.vm.VmOptions;
import org.racker.vm.VmRunner;

/**
 * What {@code racker run} and {@code racker create} do, as calls: a new container of {@link
 * RunOptions}, run in the foreground on this process's standard streams, started detached, or
 * created to be started later. The options are checked here (docker's syntax, the image's
 * defaults applied), so every caller gets the same checks and messages; a bad option is
 * refused before anything is pulled. Obtained from {@link Racker#runs()}.
 */
public final class Runs {
    private final Racker racker;
    private final EventLog log;
    private final Consumer<String> notices;

    Runs(Racker racker, EventLog log, Consumer<String> notices) {
        this.racker = racker;
        this.log = log;
        this.notices = notices;
    }

    /**
     * Runs the container's command in the foreground: its output on this process's standard
     * output and error (byte for byte), its input this process's with {@link
     * RunOptions#interactive()}. Returns the command's exit status; the container ends with it.
     */
    public int run(RunOptions options) throws RackerException, InterruptedException {
        if (options.vm()) {
            return runVm(options);
        }
        refuseVmOptions(options);
        ContainerSpec spec = toSpec(options, false);
        return runner().run(spec, Stdio.inherit(options.interactive()));
    }

    /**
     * Boots the container and leaves it running after this process ends ({@code run -d});
     * a command, if any, runs in it, and the container ends when the command does. Returns
     * the container's id.
     */
    public String runDetached(RunOptions options) throws RackerException, InterruptedException {
        if (options.vm()) {
            return runVmDetached(options);
        }
        refuseVmOptions(options);
        if (options.interactive() && !options.tty()) {
            throw new InvalidArgumentException("-d -i needs -t in racker (the command's input is then a terminal"
                    + " that stays open): use -dit, or racker exec -i later");
        }
        ContainerSpec spec = toSpec(options, true);
        return runner().runDetached(spec, !spec.command().isEmpty());
    }

    /**
     * Checks the options as a run would, pulls the image and keeps the container as "Created"
     * for {@link Containers#start}, which boots it detached. Returns the container's id.
     */
    public String create(RunOptions options) throws RackerException {
        if (options.vm()) {
            throw new InvalidArgumentException("create --vm is not supported yet: use racker run -d --vm");
        }
        if (options.tty()) {
            throw new InvalidArgumentException("racker start does not attach a terminal yet: leave out -t, and use"
                    + " racker exec -it once it runs");
        }
        refuseVmOptions(options);
        ContainerSpec spec = toSpec(options, true);
        return runner().create(spec);
    }

    /** The runtime on the Racker's own store: one set-up of the state root per run. */
    private ContainerRunner runner() {
        return new ContainerRunner(racker.store(), new HostProbe(), log);
    }

    /** Options only a VM takes, refused for a container. */
    private static void refuseVmOptions(RunOptions options) throws InvalidArgumentException {
        if (options.memory() != null || options.cpus() != null) {
            throw new InvalidArgumentException("--memory and --cpus size a VM: add --vm");
        }
        if (options.disk() != null) {
            throw new InvalidArgumentException("--disk boots a VM: add --vm");
        }
    }

    private String runVmDetached(RunOptions options) throws RackerException, InterruptedException {
        if (options.interactive() || options.tty()) {
            throw new InvalidArgumentException("-d cannot be combined with -i or -t: use racker exec -i later");
        }
        VmRun run = vmRun(options, true);
        return run.disk != null ? run.runner.runDetached(run.spec, run.disk, run.options)
                : run.runner.runDetached(run.spec, run.options);
    }

    /** {@code run --vm}: the command's output is written to this process's own descriptors, byte for byte. */
    private int runVm(RunOptions options) throws RackerException, InterruptedException {
        VmRun run = vmRun(options, false);
        byte[] stdin;
        try {
            stdin = options.interactive() ? System.in.readAllBytes() : new byte[0];
        } catch (IOException e) {
            throw new RackerException("cannot read the standard input: " + e.getMessage(), e);
        }
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        OutputStream err = new FileOutputStream(FileDescriptor.err);
        return run.disk != null ? run.runner.run(run.spec, run.disk, run.options, stdin, out, err)
                : run.runner.run(run.spec, run.options, stdin, out, err);
    }

    /** What a VM run needs, checked in the order the command line always checked it. */
    private record VmRun(ContainerSpec spec, VmDisk disk, VmOptions options, VmRunner runner) { }

    private VmRun vmRun(RunOptions options, boolean detached) throws RackerException, InterruptedException {
        if (!options.securityOptions().isEmpty()) {
            throw new InvalidArgumentException("--security-opt confines a container: a VM has a kernel of its own;"
                    + " leave it out with --vm");
        }
        if (options.cpus() != null && options.cpus() < 1) {
            throw new InvalidArgumentException("--cpus must be at least 1");
        }
        VmOptions vmOptions = new VmOptions(options.memory() != null ? VmOptions.parseMemory(options.memory())
                : VmOptions.DEFAULT.memoryMiB(), options.cpus() != null ? options.cpus() : VmOptions.DEFAULT.cpus());
        if (options.disk() != null && options.rootfs() != null) {
            throw new InvalidArgumentException("--disk and --rootfs both name the machine: give one");
        }
        ContainerSpec spec = toSpec(options, detached);
        Path vmImages = StateRoot.privateDirectory(racker.root(), "vm");
        VmDisk machine = options.disk() != null ? VmDisks.open(options.disk(), vmImages.resolve("boxes"), log) : null;
        // containers whose racker died are settled first, as every command on the store does
        new AbandonedContainerReaper(racker.store(), log).reap();
        return new VmRun(spec, machine, vmOptions, new VmRunner(racker.store(), vmImages, log, notices));
    }

    /**
     * The options as a spec needs them, every one checked: made before the image is
     * resolved, so a bad option is refused before anything is pulled.
     */
    private record Checked(List<PortMapping> ports, List<ExtraHost> extraHosts, List<VolumeMount> volumes,
            List<String> labels, List<String> variables, Duration bootTimeout, boolean systemCallFilter,
            ContainerConfig.BootProfile profile) { }

    private static Checked check(RunOptions o, boolean commandOptional) throws RackerException {
        List<PortMapping> ports = new ArrayList<>();
        for (String p : o.ports()) {
            ports.add(PortMapping.parse(p));
        }
        List<ExtraHost> extraHosts = new ArrayList<>();
        for (String h : o.extraHosts()) {
            extraHosts.add(ExtraHost.parse(h));
        }
        Duration boot = o.bootTimeout() != null ? o.bootTimeout()
                : o.vm() ? ContainerConfig.DEFAULT_VM_BOOT_TIMEOUT : ContainerConfig.DEFAULT_BOOT_TIMEOUT;
        if (boot.isNegative() || boot.isZero() || o.stopTimeout().isNegative()) {
            throw new InvalidArgumentException("--boot-timeout must be positive and --stop-timeout not negative");
        }
        List<String> labels = new ArrayList<>();
        for (String label : o.labels()) {
            if (label.isEmpty() || label.startsWith("=")) {
                throw new InvalidArgumentException("invalid label " + InvalidArgumentException.quoted(label)
                        + ": give KEY=VALUE (or KEY for an empty value)");
            }
            labels.add(label.contains("=") ? label : label + "=");
        }
        String workdir = o.workingDirectory();
        if (workdir != null && !workdir.startsWith("/")) {
            throw new InvalidArgumentException("the working directory must be absolute: " + workdir);
        }
        List<String> variables = new ArrayList<>();
        for (Path file : o.environmentFiles()) {
            variables.addAll(EnvironmentFile.entries(file));
        }
        variables.addAll(o.environment());
        List<VolumeMount> volumes = new ArrayList<>();
        for (String v : o.volumes()) {
            volumes.add(Volume.parse(v).toMount());
        }
        boolean systemCallFilter = SecurityOptions.parse(o.securityOptions()).systemCallFilter();
        ContainerConfig.BootProfile profile = o.bootProfile() != null ? o.bootProfile()
                : o.remove() && !commandOptional ? ContainerConfig.BootProfile.TEST : ContainerConfig.BootProfile.STOCK;
        return new Checked(ports, extraHosts, volumes, labels, variables, boot, systemCallFilter, profile);
    }

    /** The spec of what runs: the options checked (before anything is pulled), the image resolved. */
    private ContainerSpec toSpec(RunOptions o, boolean commandOptional) throws RackerException {
        List<String> command = new ArrayList<>(o.command());
        Checked checked = check(o, commandOptional);
        if (o.disk() != null) {
            // the disk is the machine: no image to resolve, every argument is the command
            if (command.isEmpty() && !commandOptional) {
                throw new InvalidArgumentException("no command given: racker run --vm --disk FILE COMMAND [ARG...]");
            }
            return specOf(o, ContainerSpec.builder(o.disk().toAbsolutePath().normalize()).image(o.disk().toString()),
                    command, checked, ImageDefaults.NONE, commandOptional);
        }
        Image image = o.rootfs() != null ? Image.directory(o.rootfs()) : o.image();
        if (image == null) {
            throw new InvalidArgumentException("no image given: racker run [OPTIONS] IMAGE [COMMAND], or --rootfs DIR COMMAND");
        }
        ResolvedImage resolved = racker.resolve(image, o.pullPolicy(), o.mode());
        ImageDefaults defaults = resolved.defaults();
        command = defaults.command(o.entrypoint(), command);
        if (command.isEmpty() && !commandOptional) {
            throw new InvalidArgumentException("no command given, and the image names no default command: name the command to run");
        }
        // a root directory is labelled as it was given, the way a user wrote it
        return specOf(o, ContainerSpec.builder(resolved.rootfs().toAbsolutePath().normalize())
                .image(o.rootfs() != null ? o.rootfs().toString() : resolved.label()), command, checked, defaults,
                commandOptional);
    }

    /** The spec, from the checked options, once its root and image are known. */
    private static ContainerSpec specOf(RunOptions o, ContainerSpec.Builder b, List<String> command, Checked checked,
            ImageDefaults defaults, boolean commandOptional) throws RackerException {
        String workdir = o.workingDirectory();
        b.command(command)
                .name(o.name())
                .hostname(o.hostname())
                .interactive(o.interactive())
                .tty(o.tty())
                .removeOnExit(o.remove())
                .detach(commandOptional)
                .workingDirectory(workdir != null ? workdir : defaults.workingDirectory())
                .user(o.user() != null ? o.user() : defaults.user())
                .mode(o.mode().toRuntime())
                .network(o.network() == null ? null : o.network().toRuntime())
                .bootTimeout(checked.bootTimeout())
                .stopTimeout(o.stopTimeout())
                .maskedUnits(checked.profile().toRuntime().maskedUnits())
                .maskedGenerators(checked.profile().toRuntime().maskedGenerators())
                .cidFile(o.cidFile())
                .readOnly(o.readOnly())
                .systemCallFilter(checked.systemCallFilter());
        o.tmpfs().forEach(b::tmpfs);
        checked.labels().forEach(b::label);
        defaults.environment().forEach(b::env);
        for (String e : checked.variables()) {
            EnvironmentVariable.parse(e, System.getenv()).ifPresent(b::env);
        }
        List<PortMapping> ports = new ArrayList<>(checked.ports());
        if (o.publishAll()) {
            // as docker: the image's ports that no -p already publishes, each on a free port
            for (String exposed : defaults.exposedPorts()) {
                PortMapping p;
                try {
                    p = PortMapping.parse(exposed);
                } catch (InvalidArgumentException e) {
                    throw new InvalidArgumentException("cannot publish the image's exposed port "
                            + InvalidArgumentException.quoted(exposed) + ": publish it with -p instead");
                }
                if (ports.stream().noneMatch(q -> q.containerKey().equals(p.containerKey()))) {
                    ports.add(p);
                }
            }
        }
        ports.forEach(b::publish);
        checked.extraHosts().forEach(b::addHost);
        checked.volumes().forEach(b::volume);
        return b.build();
    }
}

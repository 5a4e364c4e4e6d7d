package org.racker.cli;

import static org.racker.cli.CommandModel.flag;
import static org.racker.cli.CommandModel.list;
import static org.racker.cli.CommandModel.option;
import static org.racker.cli.CommandModel.positionals;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.racker.InvalidArgumentException;
import org.racker.api.ContainerConfig;
import org.racker.api.Image;
import org.racker.api.ImageDefaults;
import org.racker.api.PullPolicy;
import org.racker.api.Racker;
import org.racker.api.ResolvedImage;
import org.racker.fs.StateRoot;
import org.racker.runtime.boot.BootProfile;
import org.racker.runtime.ContainerRunner;
import org.racker.runtime.ContainerSpec;
import org.racker.runtime.exec.EnvironmentVariable;
import org.racker.runtime.network.ExtraHost;
import org.racker.runtime.network.NetworkMode;
import org.racker.runtime.network.PortMapping;
import org.racker.runtime.RunMode;
import org.racker.runtime.exec.Stdio;
import org.racker.runtime.files.VolumeMount;
import org.racker.vm.VmDisk;
import org.racker.vm.VmDisks;
import org.racker.vm.VmOptions;
import org.racker.vm.VmRunner;
import picocli.CommandLine.Model.CommandSpec;

/** {@code racker run}: boot a throw-away container, run one command in it, exit with its status. */
public class RunCommand implements Callable<Integer> {
    final RackerCommand parent;
    Path rootfs;
    boolean remove;
    boolean detach;
    boolean interactive;
    boolean tty;
    List<String> env = new ArrayList<>();
    List<Path> envFiles = new ArrayList<>();
    String workdir;
    List<String> volumes = new ArrayList<>();
    String hostname;
    String user;
    String entrypoint;
    String pull;
    String platform;
    boolean tlsVerify;
    String name;
    String network;
    List<String> publish = new ArrayList<>();
    boolean publishAll;
    List<String> addHosts = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    List<String> tmpfs = new ArrayList<>();
    boolean readOnly;
    Path cidFile;
    boolean init;
    String mode;
    String bootProfile;
    boolean noBootProfile;
    Long bootTimeout;
    long stopTimeout;
    boolean vm;
    Path disk;
    String memory;
    Integer cpus;
    List<String> arguments = new ArrayList<>();

    RunCommand(RackerCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        return model("run", "Run a command in a new container.",
                "With --rootfs, every argument is the command; otherwise the first names the image.");
    }

    /** run's options under {@code name}: create takes them all. */
    final CommandSpec model(String commandName, String... description) {
        return CommandModel.bare(this, commandName, description)
                .unsorted()
                .footer("", "Roots with systemd are booted and the command runs through their service manager;"
                        + " a registry image of a known distribution without systemd is made bootable once (systemd"
                        + " installed with its package manager, kept as IMAGE+boot in racker images); others run the"
                        + " command directly (--mode app).")
                .add(CommandModel.helpOption("Show this help and exit."))
                .add(option(Path.class, v -> rootfs = v, "--rootfs").paramLabel("DIR")
                        .description("Run this root directory (it is never written to)."))
                .add(flag(v -> remove = v, "--rm").description("Remove the container's record when it exits."))
                .add(flag(v -> detach = v, "-d", "--detach")
                        .description("Boot the container, print its id and leave it running."))
                .add(flag(v -> interactive = v, "-i", "--interactive").description("Attach stdin (closed at EOF)."))
                .add(flag(v -> tty = v, "-t", "--tty").description("Give the command a terminal (TERM=xterm)."))
                .add(list(String.class, v -> env = v, "-e", "--env").paramLabel("NAME[=VALUE]")
                        .description("Set a variable; NAME alone passes the host's value."))
                .add(list(Path.class, v -> envFiles = v, "--env-file").paramLabel("FILE")
                        .description("Read variables from a file (NAME=VALUE a line; -e wins over it)."))
                .add(option(String.class, v -> workdir = v, "-w", "--workdir").paramLabel("DIR")
                        .description("Working directory, created if missing."))
                .add(list(String.class, v -> volumes = v, "-v", "--volume").paramLabel("HOST:CONTAINER[:ro]")
                        .description("Bind-mount a host directory."))
                .add(option(String.class, v -> hostname = v, "-h", "--hostname").paramLabel("NAME")
                        .description("The container's hostname (default: its short id)."))
                .add(option(String.class, v -> user = v, "-u", "--user").paramLabel("USER[:GROUP]")
                        .description("Run the command as this user."))
                .add(option(String.class, v -> entrypoint = v, "--entrypoint").paramLabel("COMMAND")
                        .description("Override the image's entrypoint."))
                .add(option(String.class, v -> pull = v, "--pull").paramLabel("POLICY").defaultValue("missing")
                        .description("missing (default), always or never: when to pull the image."))
                .add(option(String.class, v -> platform = v, "--platform").paramLabel("OS/ARCH")
                        .description("Platform to pull (default: the host's)."))
                .add(option(boolean.class, v -> tlsVerify = v, "--tls-verify").arity("1").paramLabel("true|false")
                        .defaultValue("true").description("Verify registries' certificates when pulling."))
                .add(option(String.class, v -> name = v, "--name").paramLabel("NAME")
                        .description("The container's (machine) name; must be unique."))
                .add(option(String.class, v -> network = v, "--network", "--net").paramLabel("MODE")
                        .description("host (default: the host's network), none (loopback only) or private (a network"
                                + " of its own, out through slirp4netns; alias slirp4netns; the default with -p or -P)."))
                .add(list(String.class, v -> publish = v, "-p", "--publish")
                        .paramLabel("[IP:]HOSTPORT:CONTAINERPORT[/PROTO]")
                        .description("Publish a container port on the host (CONTAINERPORT alone: any free host port;"
                                + " IP defaults to 0.0.0.0; PROTO tcp or udp). Needs a private network."))
                .add(flag(v -> publishAll = v, "-P", "--publish-all")
                        .description("Publish every port the image exposes on a free host port."))
                .add(list(String.class, v -> addHosts = v, "--add-host").paramLabel("NAME:IP")
                        .description("Add a line to the container's /etc/hosts."))
                .add(list(String.class, v -> labels = v, "-l", "--label").paramLabel("KEY=VALUE")
                        .description("Set a label (shown by inspect, matched by ps -f label=KEY[=VALUE])."))
                .add(list(String.class, v -> tmpfs = v, "--tmpfs").paramLabel("PATH[:OPTIONS]")
                        .description("Mount a tmpfs at PATH (mount options after ':')."))
                .add(flag(v -> readOnly = v, "--read-only").description("Mount the container's root read-only"
                        + " (volumes and --tmpfs mounts stay writable)."))
                .add(option(Path.class, v -> cidFile = v, "--cidfile").paramLabel("FILE")
                        .description("Write the container's id to FILE (which must not exist)."))
                .add(flag(v -> init = v, "--init").description("Accepted for docker's sake: an app container's PID 1"
                        + " is always an init (nspawn's stub, which reaps and forwards signals), a booted one's is"
                        + " systemd."))
                .add(option(String.class, v -> mode = v, "--mode").paramLabel("MODE").defaultValue("auto")
                        .description("auto (boot when the root has systemd or racker can install it), boot, or app"
                                + " (run the command directly, as docker does)."))
                .add(option(String.class, v -> bootProfile = v, "--boot-profile").paramLabel("PROFILE")
                        .description("test (skip what a test never needs: gettys, logind, timers, ...; the default"
                                + " with --rm) or stock (every unit the image enables; the default otherwise)."))
                .add(flag(v -> noBootProfile = v, "--no-boot-profile")
                        .description("Boot every unit the image enables (--boot-profile stock)."))
                .add(option(Long.class, v -> bootTimeout = v, "--boot-timeout").paramLabel("SECONDS")
                        .description("Give up when systemd is not up after this long (default: 60, with --vm 600)."))
                .add(option(long.class, v -> stopTimeout = v, "--stop-timeout").paramLabel("SECONDS").defaultValue("10")
                        .description("Kill the container when it has not powered off after this long"
                                + " (default: ${DEFAULT-VALUE})."))
                .add(flag(v -> vm = v, "--vm")
                        .description("Run the image as a full virtual machine (QEMU) with a kernel of its own."))
                .add(option(Path.class, v -> disk = v, "--disk").paramLabel("FILE").description("With --vm: boot this"
                        + " disk as the machine (qcow2, raw or a Vagrant libvirt box, told from its content; never"
                        + " written to); every argument is the command."))
                .add(option(String.class, v -> memory = v, "--memory").paramLabel("SIZE")
                        .description("With --vm: the VM's memory, e.g. 1g (default: 512m)."))
                .add(option(Integer.class, v -> cpus = v, "--cpus").paramLabel("N")
                        .description("With --vm: the VM's virtual CPUs (default: 1)."))
                .add(positionals(v -> arguments = v).paramLabel("[IMAGE] COMMAND [ARG...]").arity("0..*"))
                .spec();
    }

    @Override
    public Integer call() throws Exception {
        GlobalOptions global = parent.global;
        StderrEventLog log = new StderrEventLog(parent.spec.commandLine().getErr(), global.verbose, global.debug, parent.startNanos);
        if (vm) {
            return runVm(log);
        }
        if (memory != null || cpus != null) {
            throw new InvalidArgumentException("--memory and --cpus size a VM: add --vm");
        }
        if (disk != null) {
            throw new InvalidArgumentException("--disk boots a VM: add --vm");
        }
        if (detach) {
            if (interactive && !tty) {
                throw new InvalidArgumentException("-d -i needs -t in racker (the command's input is then a terminal"
                        + " that stays open): use -dit, or racker exec -i later");
            }
            ContainerSpec spec = toSpec(log, true);
            String id = new ContainerRunner(global.root, log).runDetached(spec, !spec.command().isEmpty());
            parent.spec.commandLine().getOut().println(id);
            parent.spec.commandLine().getOut().flush();
            return 0;
        }
        ContainerSpec spec = toSpec(log, false);
        return new ContainerRunner(global.root, log).run(spec, Stdio.inherit(interactive));
    }

    /** {@code run --vm}: the command's output is written to racker's own descriptors, byte for byte. */
    private int runVm(StderrEventLog log) throws Exception {
        if (detach && (interactive || tty)) {
            throw new InvalidArgumentException("-d cannot be combined with -i or -t: use racker exec -i later");
        }
        if (cpus != null && cpus < 1) {
            throw new InvalidArgumentException("--cpus must be at least 1");
        }
        VmOptions options = new VmOptions(memory != null ? VmOptions.parseMemory(memory) : VmOptions.DEFAULT.memoryMiB(),
                cpus != null ? cpus : VmOptions.DEFAULT.cpus());
        if (disk != null && rootfs != null) {
            throw new InvalidArgumentException("--disk and --rootfs both name the machine: give one");
        }
        ContainerSpec spec = toSpec(log, detach);
        PrintWriter err = parent.spec.commandLine().getErr();
        Path vmImages = StateRoot.privateDirectory(parent.global.root, "vm");
        VmDisk machine = disk != null ? VmDisks.open(disk, vmImages.resolve("boxes"), log) : null;
        VmRunner runner = new VmRunner(ContainerArgs.store(parent.global.root, log), vmImages, log, Notices.to(err));
        if (detach) {
            String id = machine != null ? runner.runDetached(spec, machine, options) : runner.runDetached(spec, options);
            parent.spec.commandLine().getOut().println(id);
            parent.spec.commandLine().getOut().flush();
            return 0;
        }
        byte[] stdin = interactive ? System.in.readAllBytes() : new byte[0];
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        OutputStream errStream = new FileOutputStream(FileDescriptor.err);
        return machine != null ? runner.run(spec, machine, options, stdin, out, errStream)
                : runner.run(spec, options, stdin, out, errStream);
    }

    ContainerSpec toSpec(StderrEventLog log, boolean commandOptional) throws org.racker.RackerException {
        List<String> command = new ArrayList<>(arguments);
        // flags first, so a bad one is refused before anything is pulled
        List<PortMapping> ports = new ArrayList<>();
        for (String p : publish) {
            ports.add(PortMapping.parse(p));
        }
        List<ExtraHost> extraHosts = new ArrayList<>();
        for (String h : addHosts) {
            extraHosts.add(ExtraHost.parse(h));
        }
        PullPolicy policy = PullPolicy.parse(pull);
        BootProfile profile = bootProfile(commandOptional);
        if (disk != null) {
            // the disk is the machine: no image to resolve, every argument is the command
            if (command.isEmpty() && !commandOptional) {
                throw new InvalidArgumentException("no command given: racker run --vm --disk FILE COMMAND [ARG...]");
            }
            return specOf(ContainerSpec.builder(disk.toAbsolutePath().normalize()).image(disk.toString()), command,
                    profile, ImageDefaults.NONE, ports, extraHosts, commandOptional);
        }
        Image image;
        if (rootfs != null) {
            image = Image.directory(rootfs);
        } else if (command.isEmpty()) {
            throw new InvalidArgumentException("no image given: racker run [OPTIONS] IMAGE [COMMAND], or --rootfs DIR COMMAND");
        } else {
            image = Image.parse(command.remove(0));
        }
        PrintWriter err = parent.spec.commandLine().getErr();
        RunMode runMode = parseMode(mode);
        ResolvedImage resolved = Racker.builder().root(parent.global.root).eventLog(log).tlsVerify(tlsVerify)
                .pullProgress(PullProgressPrinter.to(err)).notices(Notices.to(err)).build()
                .resolve(image, policy, switch (runMode) {
                    case AUTO -> ContainerConfig.Mode.AUTO;
                    case BOOT -> ContainerConfig.Mode.BOOT;
                    case APP -> ContainerConfig.Mode.APP;
                });
        ImageDefaults defaults = resolved.defaults();
        Path root = resolved.rootfs();
        command = defaults.command(entrypoint, command);
        if (command.isEmpty() && !commandOptional) {
            throw new InvalidArgumentException("no command given, and the image names no default command: name the command to run");
        }
        return specOf(ContainerSpec.builder(root.toAbsolutePath().normalize())
                .image(rootfs != null ? rootfs.toString() : resolved.label()), command, profile, defaults, ports,
                extraHosts, commandOptional);
    }

    /** The spec of what runs, from the flags, once its root and image are known. */
    private ContainerSpec specOf(ContainerSpec.Builder b, List<String> command, BootProfile profile,
            ImageDefaults defaults, List<PortMapping> ports, List<ExtraHost> extraHosts, boolean commandOptional)
            throws org.racker.RackerException {
        long bootSeconds = bootTimeout != null ? bootTimeout : vm ? 600 : 60;
        if (bootSeconds <= 0 || stopTimeout < 0) {
            throw new InvalidArgumentException("--boot-timeout must be positive and --stop-timeout not negative");
        }
        b.command(command)
                .name(name)
                .hostname(hostname)
                .interactive(interactive)
                .tty(tty)
                .removeOnExit(remove)
                .detach(commandOptional)
                .workingDirectory(workdir != null ? workdir : defaults.workingDirectory())
                .user(user != null ? user : defaults.user())
                .mode(parseMode(mode))
                .network(network == null ? null : NetworkMode.parse(network))
                .bootTimeout(Duration.ofSeconds(bootSeconds))
                .stopTimeout(Duration.ofSeconds(stopTimeout))
                .maskedUnits(profile.maskedUnits())
                .maskedGenerators(profile.maskedGenerators())
                .cidFile(cidFile);
        tmpfs.forEach(b::tmpfs);
        b.readOnly(readOnly);
        for (String label : labels) {
            if (label.isEmpty() || label.startsWith("=")) {
                throw new InvalidArgumentException("invalid label " + InvalidArgumentException.quoted(label)
                        + ": give KEY=VALUE (or KEY for an empty value)");
            }
            b.label(label.contains("=") ? label : label + "=");
        }
        if (workdir != null && !workdir.startsWith("/")) {
            throw new InvalidArgumentException("the working directory must be absolute: " + workdir);
        }
        defaults.environment().forEach(b::env);
        List<String> variables = new ArrayList<>();
        for (Path file : envFiles) {
            variables.addAll(org.racker.runtime.exec.EnvironmentFile.entries(file));
        }
        variables.addAll(env);
        for (String e : variables) {
            EnvironmentVariable.parse(e, System.getenv()).ifPresent(b::env);
        }
        if (publishAll) {
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
        extraHosts.forEach(b::addHost);
        for (String v : volumes) {
            VolumeMount mount = VolumeMount.parse(v);
            if (!java.nio.file.Files.isDirectory(mount.hostPath()) && !java.nio.file.Files.isRegularFile(mount.hostPath())) {
                throw new InvalidArgumentException("volume host path " + mount.hostPath() + " does not exist; create it first");
            }
            b.volume(mount);
        }
        return b.build();
    }

    /**
     * A --rm container is gone once its command ends, so nothing but its command needs to
     * run; one that is kept (or detached) boots as its image says unless asked otherwise.
     */
    private BootProfile bootProfile(boolean detached) throws InvalidArgumentException {
        if (noBootProfile) {
            if (bootProfile != null && BootProfile.parse(bootProfile) != BootProfile.STOCK) {
                throw new InvalidArgumentException("--no-boot-profile contradicts --boot-profile " + bootProfile);
            }
            return BootProfile.STOCK;
        }
        if (bootProfile != null) {
            return BootProfile.parse(bootProfile);
        }
        return remove && !detached ? BootProfile.TEST : BootProfile.STOCK;
    }

    private static RunMode parseMode(String value) throws InvalidArgumentException {
        return switch (value) {
            case "auto" -> RunMode.AUTO;
            case "boot" -> RunMode.BOOT;
            case "app" -> RunMode.APP;
            default -> throw new InvalidArgumentException("invalid --mode \"" + value + "\": use auto, boot or app");
        };
    }
}

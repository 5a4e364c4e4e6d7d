package org.racker.cli;

import static org.racker.cli.CommandModel.flag;
import static org.racker.cli.CommandModel.list;
import static org.racker.cli.CommandModel.option;
import static org.racker.cli.CommandModel.positionals;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.racker.InvalidArgumentException;
import org.racker.api.ContainerConfig;
import org.racker.api.Image;
import org.racker.api.PullPolicy;
import org.racker.api.Racker;
import org.racker.api.RunOptions;
import org.racker.api.Runs;
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
    List<String> securityOptions = new ArrayList<>();
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
                .add(list(String.class, v -> securityOptions = v, "--security-opt").paramLabel("OPTION")
                        .description("seccomp=unconfined: no system call filter (nspawn's seccomp filter off, a"
                                + " faster start; only for images you trust)."))
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
        RunOptions options = options(); // the flags first: a bad one touches no state directory
        Runs runs = racker(ContainerArgs.log(parent)).runs();
        if (detach) {
            String id = runs.runDetached(options);
            parent.spec.commandLine().getOut().println(id);
            parent.spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        return runs.run(options);
    }

    /** racker on the global options' root, with this run's pull settings; its notes and progress on stderr. */
    final Racker racker(StderrEventLog log) {
        PrintWriter err = parent.spec.commandLine().getErr();
        return Racker.builder().root(parent.global.root).eventLog(log).tlsVerify(tlsVerify)
                .pullProgress(PullProgressPrinter.to(err)).notices(Notices.to(err)).build();
    }

    /**
     * The options as the API takes them; the values picocli leaves as text that name an API
     * value are parsed here, the rest (docker's syntax) by {@link Runs}.
     */
    final RunOptions options() throws InvalidArgumentException {
        RunOptions.Builder o = RunOptions.builder();
        PullPolicy policy = PullPolicy.parse(pull);
        ContainerConfig.BootProfile profile = null;
        if (noBootProfile) {
            if (bootProfile != null && ContainerConfig.BootProfile.parse(bootProfile) != ContainerConfig.BootProfile.STOCK) {
                throw new InvalidArgumentException("--no-boot-profile contradicts --boot-profile " + bootProfile);
            }
            profile = ContainerConfig.BootProfile.STOCK;
        } else if (bootProfile != null) {
            profile = ContainerConfig.BootProfile.parse(bootProfile);
        }
        List<String> command = arguments;
        if (rootfs == null && disk == null) {
            // with --rootfs (or a VM's --disk) every argument is the command; otherwise the first names the image
            if (command.isEmpty()) {
                throw new InvalidArgumentException("no image given: racker run [OPTIONS] IMAGE [COMMAND], or --rootfs DIR COMMAND");
            }
            o.image(Image.parse(command.get(0)));
            command = command.subList(1, command.size());
        }
        o.mode(ContainerConfig.Mode.parse(mode));
        if (network != null) {
            o.network(ContainerConfig.Network.parse(network));
        }
        return o.rootfs(rootfs).disk(disk).command(command).entrypoint(entrypoint).remove(remove)
                .interactive(interactive).tty(tty).environmentFiles(envFiles).environment(env)
                .workingDirectory(workdir).volumes(volumes).hostname(hostname).user(user).pullPolicy(policy)
                .name(name).ports(publish).publishAll(publishAll).extraHosts(addHosts).labels(labels).tmpfs(tmpfs)
                .readOnly(readOnly).securityOptions(securityOptions).cidFile(cidFile).bootProfile(profile)
                .bootTimeout(bootTimeout == null ? null : Duration.ofSeconds(bootTimeout))
                .stopTimeout(Duration.ofSeconds(stopTimeout)).vm(vm).memory(memory).cpus(cpus)
                .build();
    }
}

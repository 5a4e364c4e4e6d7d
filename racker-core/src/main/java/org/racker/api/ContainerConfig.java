package org.racker.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.racker.InvalidArgumentException;
import org.racker.runtime.network.ExtraHost;
import org.racker.runtime.network.NetworkMode;
import org.racker.runtime.network.PortMapping;

/**
 * What a container is started with: its image, how it runs, its environment, volumes,
 * names, network and timeouts. Immutable; {@link #toBuilder()} makes a changed copy. What
 * each command run in it gets (its user, working directory, terminal) is a {@link Command}'s
 * business, not the container's.
 */
public final class ContainerConfig {
    /** How the container's root runs. */
    public enum Mode {
        /**
         * Boot it when it has systemd, or when it is a registry image of a distribution racker
         * can install systemd in (made bootable once, then reused); else run the command directly.
         */
        AUTO,
        /**
         * Boot its systemd (installed first, once, into a registry image of a known
         * distribution that lacks it); commands run through its service manager. A root
         * racker cannot make bootable is refused with the reason.
         */
        BOOT,
        /** No init of its own: the container's command is its main process, as docker runs images. */
        APP;

        /** {@code auto}, {@code boot} or {@code app}, as {@code racker run --mode} takes them. */
        public static Mode parse(String value) throws InvalidArgumentException {
            return switch (value) {
                case "auto" -> AUTO;
                case "boot" -> BOOT;
                case "app" -> APP;
                default -> throw new InvalidArgumentException("invalid --mode \"" + value + "\": use auto, boot or app");
            };
        }

        org.racker.runtime.RunMode toRuntime() {
            return switch (this) {
                case AUTO -> org.racker.runtime.RunMode.AUTO;
                case BOOT -> org.racker.runtime.RunMode.BOOT;
                case APP -> org.racker.runtime.RunMode.APP;
            };
        }
    }

    /** The network the container sees. */
    public enum Network {
        /** The host's own interfaces. */
        HOST,
        /** Loopback only. */
        NONE,
        /**
         * A network of its own, out to the world through slirp4netns (booted containers only);
         * the default when ports are published.
         */
        PRIVATE;

        /**
         * {@code host}, {@code none} or {@code private}, in any case; podman's {@code slirp4netns}
         * is another name for {@code private}, which is how it is built.
         */
        public static Network parse(String value) throws InvalidArgumentException {
            return switch (NetworkMode.parse(value)) {
                case HOST -> HOST;
                case NONE -> NONE;
                case PRIVATE -> PRIVATE;
            };
        }

        NetworkMode toRuntime() {
            return switch (this) {
                case HOST -> NetworkMode.HOST;
                case NONE -> NetworkMode.NONE;
                case PRIVATE -> NetworkMode.PRIVATE;
            };
        }
    }

    /** Which of its units a booted container starts. */
    public enum BootProfile {
        /** Everything the image enables. */
        STOCK,
        /**
         * Without what a throw-away test container never needs (gettys, logind, timers,
         * utmp, ...; see {@link org.racker.runtime.boot.BootProfile#TEST}): a faster boot; the image
         * is untouched, the units are masked for this boot.
         */
        TEST;

        /** {@code test} or {@code stock}. */
        public static BootProfile parse(String value) throws InvalidArgumentException {
            return switch (org.racker.runtime.boot.BootProfile.parse(value)) {
                case STOCK -> STOCK;
                case TEST -> TEST;
            };
        }

        org.racker.runtime.boot.BootProfile toRuntime() {
            return switch (this) {
                case STOCK -> org.racker.runtime.boot.BootProfile.STOCK;
                case TEST -> org.racker.runtime.boot.BootProfile.TEST;
            };
        }
    }

    public static final Duration DEFAULT_BOOT_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);
    /** A VM's boot under software emulation (no KVM) takes a minute or more on a busy machine. */
    public static final Duration DEFAULT_VM_BOOT_TIMEOUT = Duration.ofMinutes(10);

    private final Image image;
    private final PullPolicy pullPolicy;
    private final Mode mode;
    private final List<String> command;
    private final Map<String, String> environment;
    private final List<Volume> volumes;
    private final String name;
    private final String hostname;
    private final Network network;
    private final BootProfile bootProfile;
    private final Duration bootTimeout;
    private final Duration stopTimeout;
    private final List<WaitStrategy> waitStrategies;
    private final List<PortMapping> ports;
    private final List<ExtraHost> extraHosts;
    private final Path changesDirectory;
    private final boolean vm;
    private final boolean systemCallFilter;

    private ContainerConfig(Builder b) {
        image = Objects.requireNonNull(b.image, "image");
        pullPolicy = Objects.requireNonNull(b.pullPolicy, "pullPolicy");
        mode = Objects.requireNonNull(b.mode, "mode");
        command = List.copyOf(b.command);
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(b.environment));
        volumes = List.copyOf(b.volumes);
        name = b.name;
        hostname = b.hostname;
        ports = List.copyOf(b.ports);
        extraHosts = List.copyOf(b.extraHosts);
        network = b.network != null ? b.network : ports.isEmpty() ? Network.HOST : Network.PRIVATE;
        bootProfile = Objects.requireNonNull(b.bootProfile, "bootProfile");
        vm = b.vm;
        systemCallFilter = b.systemCallFilter;
        if (vm && !systemCallFilter) {
            throw new IllegalArgumentException("the system call filter confines a container: a VM has a kernel of its own");
        }
        bootTimeout = b.bootTimeout != null ? b.bootTimeout : vm ? DEFAULT_VM_BOOT_TIMEOUT : DEFAULT_BOOT_TIMEOUT;
        stopTimeout = Objects.requireNonNull(b.stopTimeout, "stopTimeout");
        waitStrategies = List.copyOf(b.waitStrategies);
        changesDirectory = b.changesDirectory;
        if (changesDirectory != null && !changesDirectory.isAbsolute()) {
            throw new IllegalArgumentException("the changes directory must be absolute: " + changesDirectory);
        }
        if (bootTimeout.isNegative() || bootTimeout.isZero() || stopTimeout.isNegative()) {
            throw new IllegalArgumentException("the boot timeout must be positive and the stop timeout not negative");
        }
    }

    /** A container of {@code image} with every other setting at its default. */
    public static ContainerConfig of(Image image) {
        return builder(image).build();
    }

    public static Builder builder(Image image) {
        return new Builder(image);
    }

    /** A builder holding this configuration, to derive a changed one. */
    public Builder toBuilder() {
        Builder b = new Builder(image).pullPolicy(pullPolicy).mode(mode).command(command).name(name)
                .hostname(hostname).network(network).bootProfile(bootProfile).bootTimeout(bootTimeout)
                .stopTimeout(stopTimeout).changesDirectory(changesDirectory).vm(vm)
                .systemCallFilter(systemCallFilter);
        environment.forEach(b::env);
        volumes.forEach(b::volume);
        waitStrategies.forEach(b::waitingFor);
        b.ports.addAll(ports);
        b.extraHosts.addAll(extraHosts);
        return b;
    }

    public Image image() {
        return image;
    }

    public PullPolicy pullPolicy() {
        return pullPolicy;
    }

    public Mode mode() {
        return mode;
    }

    /**
     * The container's command: an app container's main process, which it lives as long as.
     * Empty means the image's default (a registry image's Entrypoint and Cmd); a booted
     * container's own main process is systemd, so it needs none.
     */
    public List<String> command() {
        return command;
    }

    /** Variables every command in the container sees, under its own; in the order given. */
    public Map<String, String> environment() {
        return environment;
    }

    public List<Volume> volumes() {
        return volumes;
    }

    /** The container's name; null lets racker choose one from its id. */
    public String name() {
        return name;
    }

    /** The container's hostname; null gives it its short id. */
    public String hostname() {
        return hostname;
    }

    public Network network() {
        return network;
    }

    /** Published ports, as given (host port 0: any free one, chosen at start). */
    public List<PortMapping> ports() {
        return ports;
    }

    /** Lines added to the container's /etc/hosts. */
    public List<ExtraHost> extraHosts() {
        return extraHosts;
    }

    public BootProfile bootProfile() {
        return bootProfile;
    }

    /** How long a booted container may take to report ready before it is stopped. */
    public Duration bootTimeout() {
        return bootTimeout;
    }

    /** How long a stop waits for an orderly poweroff before killing the container. */
    public Duration stopTimeout() {
        return stopTimeout;
    }

    /**
     * What {@link Racker#start} waits for, in this order, after the container reported ready
     * ({@link WaitStrategy#ready()}, always awaited first).
     */
    public List<WaitStrategy> waitStrategies() {
        return waitStrategies;
    }

    /**
     * Where the container keeps its changes to the image (null: in memory, gone with it);
     * see {@link Builder#changesDirectory}.
     */
    public Path changesDirectory() {
        return changesDirectory;
    }

    /** Whether the image boots as a QEMU VM instead of a container; see {@link Builder#vm}. */
    public boolean vm() {
        return vm;
    }

    /** Whether nspawn's seccomp filter confines the container; see {@link Builder#systemCallFilter}. */
    public boolean systemCallFilter() {
        return systemCallFilter;
    }

    /**
     * How long a booted container may take to report ready: a listed {@link WaitStrategy#ready()}'s
     * own timeout, else {@link #bootTimeout()}.
     */
    Duration readyTimeout() {
        for (WaitStrategy w : waitStrategies) {
            if (w.isReady() && w.timeout().isPresent()) {
                return w.timeout().get();
            }
        }
        return bootTimeout;
    }

    /** Collects a configuration's parts; only the image is required. */
    public static final class Builder {
        private final Image image;
        private PullPolicy pullPolicy = PullPolicy.MISSING;
        private Mode mode = Mode.AUTO;
        private List<String> command = List.of();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<Volume> volumes = new ArrayList<>();
        private String name;
        private String hostname;
        private Network network;
        private final List<PortMapping> ports = new ArrayList<>();
        private final List<ExtraHost> extraHosts = new ArrayList<>();
        private BootProfile bootProfile = BootProfile.STOCK;
        private Duration bootTimeout;
        private Duration stopTimeout = DEFAULT_STOP_TIMEOUT;
        private final List<WaitStrategy> waitStrategies = new ArrayList<>();
        private Path changesDirectory;
        private boolean vm;
        private boolean systemCallFilter = true;

        private Builder(Image image) {
            this.image = image;
        }

        public Builder pullPolicy(PullPolicy value) {
            pullPolicy = value;
            return this;
        }

        public Builder mode(Mode value) {
            mode = value;
            return this;
        }

        public Builder command(List<String> value) {
            command = List.copyOf(value);
            return this;
        }

        public Builder command(String... value) {
            return command(List.of(value));
        }

        /** Sets a variable; a later value for the same name replaces the earlier one. */
        public Builder env(String variable, String value) {
            if (variable.isEmpty() || variable.indexOf('=') >= 0) {
                throw new IllegalArgumentException("invalid environment variable name \"" + variable + "\"");
            }
            environment.remove(variable);
            environment.put(variable, Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder volume(Volume value) {
            volumes.add(Objects.requireNonNull(value, "volume"));
            return this;
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder hostname(String value) {
            hostname = value;
            return this;
        }

        public Builder network(Network value) {
            network = value;
            return this;
        }

        /**
         * Publishes a port as {@code docker run -p} does: {@code [IP:]HOSTPORT:CONTAINERPORT[/tcp|udp]},
         * or {@code CONTAINERPORT} for any free host port ({@link Container#hostPort} tells which).
         * The host address defaults to 0.0.0.0; tests should give 127.0.0.1. Publishing needs a
         * private network, which is then the default.
         *
         * @throws IllegalArgumentException for a value of another form
         */
        public Builder publish(String value) {
            try {
                ports.add(PortMapping.parse(value));
            } catch (org.racker.InvalidArgumentException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            return this;
        }

        /** Adds a line to the container's /etc/hosts, as {@code docker run --add-host NAME:IP} does. */
        public Builder addHost(String name, String address) {
            try {
                extraHosts.add(ExtraHost.parse(name + ":" + address));
            } catch (org.racker.InvalidArgumentException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            return this;
        }

        public Builder bootProfile(BootProfile value) {
            bootProfile = value;
            return this;
        }

        public Builder bootTimeout(Duration value) {
            bootTimeout = value;
            return this;
        }

        public Builder stopTimeout(Duration value) {
            stopTimeout = value;
            return this;
        }

        /** Adds what {@link Racker#start} waits for before it returns, after those added before. */
        public Builder waitingFor(WaitStrategy... values) {
            for (WaitStrategy w : values) {
                waitStrategies.add(Objects.requireNonNull(w, "waitStrategy"));
            }
            return this;
        }

        /**
         * Keeps the container's changes to its root in this host directory (absolute; made
         * if missing) instead of in memory: a later container of the same image and
         * directory starts with the files this one left, as a machine does after a reboot.
         * The directory is the caller's to remove. Null (the default): every container
         * starts from the image.
         */
        public Builder changesDirectory(Path value) {
            changesDirectory = value;
            return this;
        }

        /**
         * Boots the image as a QEMU VM with a kernel of its own ({@code racker run --vm}) for
         * what a container cannot test. Its handle runs commands ({@link Container#exec}, as
         * root, through the guest agent: output once the command has ended) and copies regular
         * files ({@link Container#copyIn}, {@link Container#copyOut}); {@link Container#logs()}
         * is the guest's journal; wait strategies that run commands work, {@link
         * WaitStrategy#portListening} does not (the VM's sockets are not the host's to read:
         * use {@link WaitStrategy#tcpConnect}). Closing it ends the VM at once. Volumes, the
         * app mode and a changes directory are refused; the network is QEMU's user-mode one,
         * published ports are forwarded to the guest. The boot timeout defaults to {@link
         * #DEFAULT_VM_BOOT_TIMEOUT}.
         */
        public Builder vm(boolean value) {
            vm = value;
            return this;
        }

        /**
         * Whether nspawn's seccomp filter confines the container's system calls (the default).
         * false is {@code racker run --security-opt seccomp=unconfined}: the container starts
         * faster, as nspawn no longer builds the filter, and its root may make any system call
         * the kernel allows it; only for images you trust.
         */
        public Builder systemCallFilter(boolean value) {
            systemCallFilter = value;
            return this;
        }

        public ContainerConfig build() {
            return new ContainerConfig(this);
        }
    }
}

package org.racker.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@code racker run} and {@code racker create} are asked for, for {@link Runs}: the root
 * to run (an image, a root directory or, for a VM, a disk), the command, and docker's run
 * options. Values that docker gives as text ({@code -p}, {@code -v}, {@code -e}, ...) are
 * kept in docker's syntax and checked by {@link Runs}, so that a command line and a caller
 * of the library get the same checks and the same messages. Immutable; made by {@link
 * #builder()}.
 */
public final class RunOptions {
    private final Image image;
    private final Path rootfs;
    private final Path disk;
    private final List<String> command;
    private final String entrypoint;
    private final boolean remove;
    private final boolean interactive;
    private final boolean tty;
    private final List<Path> environmentFiles;
    private final List<String> environment;
    private final String workingDirectory;
    private final List<String> volumes;
    private final String hostname;
    private final String user;
    private final PullPolicy pullPolicy;
    private final String name;
    private final ContainerConfig.Network network;
    private final List<String> ports;
    private final boolean publishAll;
    private final List<String> extraHosts;
    private final List<String> labels;
    private final List<String> tmpfs;
    private final boolean readOnly;
    private final List<String> securityOptions;
    private final Path cidFile;
    private final ContainerConfig.Mode mode;
    private final ContainerConfig.BootProfile bootProfile;
    private final Duration bootTimeout;
    private final Duration stopTimeout;
    private final boolean vm;
    private final String memory;
    private final Integer cpus;

    private RunOptions(Builder b) {
        image = b.image;
        rootfs = b.rootfs;
        disk = b.disk;
        command = List.copyOf(b.command);
        entrypoint = b.entrypoint;
        remove = b.remove;
        interactive = b.interactive;
        tty = b.tty;
        environmentFiles = List.copyOf(b.environmentFiles);
        environment = List.copyOf(b.environment);
        workingDirectory = b.workingDirectory;
        volumes = List.copyOf(b.volumes);
        hostname = b.hostname;
        user = b.user;
        pullPolicy = Objects.requireNonNull(b.pullPolicy, "pullPolicy");
        name = b.name;
        network = b.network;
        ports = List.copyOf(b.ports);
        publishAll = b.publishAll;
        extraHosts = List.copyOf(b.extraHosts);
        labels = List.copyOf(b.labels);
        tmpfs = List.copyOf(b.tmpfs);
        readOnly = b.readOnly;
        securityOptions = b.securityOptions;
        cidFile = b.cidFile;
        mode = Objects.requireNonNull(b.mode, "mode");
        bootProfile = b.bootProfile;
        bootTimeout = b.bootTimeout;
        stopTimeout = Objects.requireNonNull(b.stopTimeout, "stopTimeout");
        vm = b.vm;
        memory = b.memory;
        cpus = b.cpus;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The image to run; null when a root directory or a disk is given instead. */
    public Image image() {
        return image;
    }

    /** The root directory to run, as given (its label in {@code ps}); null for an image or a disk. */
    public Path rootfs() {
        return rootfs;
    }

    /** With {@link #vm()}: the disk to boot as the machine; null for an image or a root directory. */
    public Path disk() {
        return disk;
    }

    /** The command and its arguments; empty: the image's default. */
    public List<String> command() {
        return command;
    }

    /** Replaces the image's entrypoint; null keeps it. */
    public String entrypoint() {
        return entrypoint;
    }

    /** Whether the container's record goes when it exits ({@code --rm}). */
    public boolean remove() {
        return remove;
    }

    /** Whether the command reads this process's standard input ({@code -i}). */
    public boolean interactive() {
        return interactive;
    }

    /** Whether the command gets a terminal ({@code -t}). */
    public boolean tty() {
        return tty;
    }

    /** Files of {@code NAME=VALUE} lines, read in order before {@link #environment()}. */
    public List<Path> environmentFiles() {
        return environmentFiles;
    }

    /** {@code NAME=VALUE}, or {@code NAME} alone for this process's value; later ones win. */
    public List<String> environment() {
        return environment;
    }

    /** The command's working directory (absolute); null: the image's. */
    public String workingDirectory() {
        return workingDirectory;
    }

    /** Docker's {@code HOST:CONTAINER[:ro|rw]}; the host path must exist. */
    public List<String> volumes() {
        return volumes;
    }

    public String hostname() {
        return hostname;
    }

    /** Docker's {@code USER[:GROUP]}; null: the image's. */
    public String user() {
        return user;
    }

    public PullPolicy pullPolicy() {
        return pullPolicy;
    }

    public String name() {
        return name;
    }

    /** Null: the host's, or a private one when ports are published. */
    public ContainerConfig.Network network() {
        return network;
    }

    /** Docker's {@code [IP:]HOSTPORT:CONTAINERPORT[/PROTO]}, or {@code CONTAINERPORT} alone. */
    public List<String> ports() {
        return ports;
    }

    /** Whether each port the image exposes, and no {@link #ports()} entry names, is published on a free port. */
    public boolean publishAll() {
        return publishAll;
    }

    /** {@code NAME:IP} lines for the container's /etc/hosts. */
    public List<String> extraHosts() {
        return extraHosts;
    }

    /** {@code KEY=VALUE}, or {@code KEY} for an empty value. */
    public List<String> labels() {
        return labels;
    }

    /** {@code PATH[:OPTIONS]}: a tmpfs mounted at PATH. */
    public List<String> tmpfs() {
        return tmpfs;
    }

    public boolean readOnly() {
        return readOnly;
    }

    /**
     * docker's {@code --security-opt} values: {@code seccomp=unconfined} turns nspawn's system
     * call filter off; others are refused.
     */
    public List<String> securityOptions() {
        return securityOptions;
    }

    /** Where the container's id is written (a file that must not exist); null: nowhere. */
    public Path cidFile() {
        return cidFile;
    }

    public ContainerConfig.Mode mode() {
        return mode;
    }

    /**
     * Null: {@link ContainerConfig.BootProfile#TEST} for a {@link #remove()} container run in
     * the foreground (it is gone once its command ends, so nothing else needs to run), {@link
     * ContainerConfig.BootProfile#STOCK} for one that is kept or detached.
     */
    public ContainerConfig.BootProfile bootProfile() {
        return bootProfile;
    }

    /** Null: {@link ContainerConfig#DEFAULT_BOOT_TIMEOUT}, or {@link ContainerConfig#DEFAULT_VM_BOOT_TIMEOUT} for a VM. */
    public Duration bootTimeout() {
        return bootTimeout;
    }

    public Duration stopTimeout() {
        return stopTimeout;
    }

    /** Whether the root boots as a QEMU VM with a kernel of its own. */
    public boolean vm() {
        return vm;
    }

    /** With {@link #vm()}: docker's size ({@code 512m}, {@code 2g}); null: 512m. */
    public String memory() {
        return memory;
    }

    /** With {@link #vm()}: the virtual CPUs; null: one. */
    public Integer cpus() {
        return cpus;
    }

    /** Collects run options; every one has docker's default. */
    public static final class Builder {
        private Image image;
        private Path rootfs;
        private Path disk;
        private List<String> command = List.of();
        private String entrypoint;
        private boolean remove;
        private boolean interactive;
        private boolean tty;
        private List<Path> environmentFiles = List.of();
        private List<String> environment = List.of();
        private String workingDirectory;
        private List<String> volumes = List.of();
        private String hostname;
        private String user;
        private PullPolicy pullPolicy = PullPolicy.MISSING;
        private String name;
        private ContainerConfig.Network network;
        private List<String> ports = List.of();
        private boolean publishAll;
        private List<String> extraHosts = List.of();
        private List<String> labels = List.of();
        private List<String> tmpfs = List.of();
        private boolean readOnly;
        private List<String> securityOptions = List.of();
        private Path cidFile;
        private ContainerConfig.Mode mode = ContainerConfig.Mode.AUTO;
        private ContainerConfig.BootProfile bootProfile;
        private Duration bootTimeout;
        private Duration stopTimeout = ContainerConfig.DEFAULT_STOP_TIMEOUT;
        private boolean vm;
        private String memory;
        private Integer cpus;

        private Builder() { }

        public Builder image(Image value) {
            image = value;
            return this;
        }

        public Builder rootfs(Path value) {
            rootfs = value;
            return this;
        }

        public Builder disk(Path value) {
            disk = value;
            return this;
        }

        public Builder command(List<String> value) {
            command = List.copyOf(value);
            return this;
        }

        public Builder entrypoint(String value) {
            entrypoint = value;
            return this;
        }

        public Builder remove(boolean value) {
            remove = value;
            return this;
        }

        public Builder interactive(boolean value) {
            interactive = value;
            return this;
        }

        public Builder tty(boolean value) {
            tty = value;
            return this;
        }

        public Builder environmentFiles(List<Path> value) {
            environmentFiles = List.copyOf(value);
            return this;
        }

        public Builder environment(List<String> value) {
            environment = List.copyOf(value);
            return this;
        }

        public Builder workingDirectory(String value) {
            workingDirectory = value;
            return this;
        }

        public Builder volumes(List<String> value) {
            volumes = List.copyOf(value);
            return this;
        }

        public Builder hostname(String value) {
            hostname = value;
            return this;
        }

        public Builder user(String value) {
            user = value;
            return this;
        }

        public Builder pullPolicy(PullPolicy value) {
            pullPolicy = value;
            return this;
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder network(ContainerConfig.Network value) {
            network = value;
            return this;
        }

        public Builder ports(List<String> value) {
            ports = List.copyOf(value);
            return this;
        }

        public Builder publishAll(boolean value) {
            publishAll = value;
            return this;
        }

        public Builder extraHosts(List<String> value) {
            extraHosts = List.copyOf(value);
            return this;
        }

        public Builder labels(List<String> value) {
            labels = List.copyOf(value);
            return this;
        }

        public Builder tmpfs(List<String> value) {
            tmpfs = List.copyOf(value);
            return this;
        }

        public Builder readOnly(boolean value) {
            readOnly = value;
            return this;
        }

        public Builder securityOptions(List<String> value) {
            securityOptions = List.copyOf(value);
            return this;
        }

        public Builder cidFile(Path value) {
            cidFile = value;
            return this;
        }

        public Builder mode(ContainerConfig.Mode value) {
            mode = value;
            return this;
        }

        public Builder bootProfile(ContainerConfig.BootProfile value) {
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

        public Builder vm(boolean value) {
            vm = value;
            return this;
        }

        public Builder memory(String value) {
            memory = value;
            return this;
        }

        public Builder cpus(Integer value) {
            cpus = value;
            return this;
        }

        public RunOptions build() {
            return new RunOptions(this);
        }
    }
}

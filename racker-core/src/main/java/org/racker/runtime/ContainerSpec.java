package org.racker.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.racker.runtime.boot.BootProfile;
import org.racker.runtime.exec.EnvironmentVariable;
import org.racker.runtime.exec.ExecRequest;
import org.racker.runtime.files.VolumeMount;
import org.racker.runtime.network.ExtraHost;
import org.racker.runtime.network.NetworkMode;
import org.racker.runtime.network.PortMapping;

/**
 * Everything needed to start one container, independent of how the root was obtained.
 * {@code image} is what the user named (a path or, later, an image reference) and is only
 * shown; {@code rootfs} is the directory that is booted, never written to.
 *
 * @param maskedUnits units the container's systemd masks for this boot only (through its
 *     command line), the image untouched
 * @param maskedGenerators systemd generators the container's systemd skips for this boot only
 *     (see {@link BootProfile#maskedGenerators()})
 * @param ports published ports (host port 0: any free one); they need a private network
 * @param extraHosts lines added to the container's /etc/hosts
 * @param tmpfs tmpfs mounts, {@code PATH[:OPTIONS]} as nspawn's --tmpfs takes them
 * @param cidFile where to write the container's id once it has one (docker's --cidfile); null for none
 * @param labels docker's {@code --label}: {@code KEY=VALUE}, only kept and shown
 * @param readOnly the container's root is mounted read-only (docker's --read-only); volumes,
 *     tmpfs mounts and the API file systems stay as they are
 * @param changesDirectory where the container's changes to its root are kept (an overlayfs
 *     upper layer on the host); null keeps them in memory, gone with the container. A later
 *     container of the same root and directory starts where this one stopped.
 * @param systemCallFilter nspawn's seccomp filter confines the container's system calls (the
 *     default); false only where the user asked (docker's {@code --security-opt
 *     seccomp=unconfined}), which spares nspawn building the filter at every start
 */
public record ContainerSpec(
        String name,
        String image,
        Path rootfs,
        List<String> command,
        List<EnvironmentVariable> environment,
        String workingDirectory,
        String user,
        List<VolumeMount> volumes,
        String hostname,
        boolean interactive,
        boolean tty,
        boolean removeOnExit,
        boolean detach,
        RunMode mode,
        NetworkMode network,
        Duration bootTimeout,
        Duration stopTimeout,
        List<String> maskedUnits,
        List<String> maskedGenerators,
        List<PortMapping> ports,
        List<ExtraHost> extraHosts,
        List<String> tmpfs,
        Path cidFile,
        List<String> labels,
        boolean readOnly,
        Path changesDirectory,
        boolean systemCallFilter) {

    public static final Duration DEFAULT_BOOT_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);

    public ContainerSpec {
        Objects.requireNonNull(rootfs, "rootfs");
        command = List.copyOf(command);
        environment = List.copyOf(environment);
        volumes = List.copyOf(volumes);
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(bootTimeout, "bootTimeout");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        maskedUnits = maskedUnits == null ? List.of() : List.copyOf(maskedUnits);
        maskedGenerators = maskedGenerators == null ? List.of() : List.copyOf(maskedGenerators);
        image = image == null ? rootfs.toString() : image;
        ports = ports == null ? List.of() : List.copyOf(ports);
        extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
        tmpfs = tmpfs == null ? List.of() : List.copyOf(tmpfs);
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /**
     * Whether the container is gone with its run, nothing in it read again: removed on exit
     * and not left running. Its end need not be orderly.
     */
    public boolean throwAway() {
        return removeOnExit && !detach;
    }

    /** The container's command with its options, as one request. */
    public ExecRequest execRequest() {
        return new ExecRequest(command, environment, workingDirectory, user, interactive, tty);
    }

    /** The same container run in the foreground, its input attached or not. */
    public ContainerSpec inForeground(boolean attachInput) {
        return new ContainerSpec(name, image, rootfs, command, environment, workingDirectory, user, volumes, hostname,
                attachInput, tty, removeOnExit, false, mode, network, bootTimeout, stopTimeout, maskedUnits,
                maskedGenerators, ports, extraHosts, tmpfs, cidFile, labels, readOnly, changesDirectory, systemCallFilter);
    }

    /** The same container with its changes to the root kept in {@code directory}. */
    public ContainerSpec withChangesDirectory(Path directory) {
        return new ContainerSpec(name, image, rootfs, command, environment, workingDirectory, user, volumes, hostname,
                interactive, tty, removeOnExit, detach, mode, network, bootTimeout, stopTimeout, maskedUnits,
                maskedGenerators, ports, extraHosts, tmpfs, cidFile, labels, readOnly, directory, systemCallFilter);
    }

    public static Builder builder(Path rootfs) {
        return new Builder(rootfs);
    }

    /** Assembles a spec from optional parts; the CLI and tests fill only what they use. */
    public static final class Builder {
        private final Path rootfs;
        private String name;
        private String image;
        private List<String> command = List.of();
        private final List<EnvironmentVariable> environment = new ArrayList<>();
        private String workingDirectory;
        private String user;
        private final List<VolumeMount> volumes = new ArrayList<>();
        private String hostname;
        private boolean interactive;
        private boolean tty;
        private boolean removeOnExit;
        private boolean detach;
        private RunMode mode = RunMode.AUTO;
        private NetworkMode network;
        private Duration bootTimeout = DEFAULT_BOOT_TIMEOUT;
        private Duration stopTimeout = DEFAULT_STOP_TIMEOUT;
        private List<String> maskedUnits = List.of();
        private List<String> maskedGenerators = List.of();
        private final List<PortMapping> ports = new ArrayList<>();
        private final List<ExtraHost> extraHosts = new ArrayList<>();
        private final List<String> tmpfs = new ArrayList<>();
        private Path cidFile;
        private final List<String> labels = new ArrayList<>();
        private boolean readOnly;
        private Path changesDirectory;
        private boolean systemCallFilter = true;

        private Builder(Path rootfs) {
            this.rootfs = rootfs;
        }

        public Builder name(String value) { name = value; return this; }
        public Builder image(String value) { image = value; return this; }
        public Builder command(List<String> value) { command = value; return this; }
        public Builder command(String... value) { command = List.of(value); return this; }
        public Builder env(EnvironmentVariable value) { environment.add(value); return this; }
        public Builder env(String name, String value) { return env(new EnvironmentVariable(name, value)); }
        public Builder workingDirectory(String value) { workingDirectory = value; return this; }
        public Builder user(String value) { user = value; return this; }
        public Builder volume(VolumeMount value) { volumes.add(value); return this; }
        public Builder hostname(String value) { hostname = value; return this; }
        public Builder interactive(boolean value) { interactive = value; return this; }
        public Builder tty(boolean value) { tty = value; return this; }
        public Builder removeOnExit(boolean value) { removeOnExit = value; return this; }
        public Builder detach(boolean value) { detach = value; return this; }
        public Builder mode(RunMode value) { mode = value; return this; }
        public Builder network(NetworkMode value) { network = value; return this; }
        public Builder bootTimeout(Duration value) { bootTimeout = value; return this; }
        public Builder stopTimeout(Duration value) { stopTimeout = value; return this; }
        public Builder maskedUnits(List<String> value) { maskedUnits = value; return this; }
        public Builder maskedGenerators(List<String> value) { maskedGenerators = value; return this; }
        public Builder publish(PortMapping value) { ports.add(value); return this; }
        public Builder addHost(ExtraHost value) { extraHosts.add(value); return this; }
        public Builder tmpfs(String value) { tmpfs.add(value); return this; }
        public Builder cidFile(Path value) { cidFile = value; return this; }
        public Builder readOnly(boolean value) { readOnly = value; return this; }
        public Builder label(String keyValue) { labels.add(keyValue); return this; }
        public Builder changesDirectory(Path value) { changesDirectory = value; return this; }
        public Builder systemCallFilter(boolean value) { systemCallFilter = value; return this; }

        /** Without a network chosen, the host's; published ports need one of the container's own, so they get a private one. */
        public ContainerSpec build() {
            NetworkMode chosen = network != null ? network : ports.isEmpty() ? NetworkMode.HOST : NetworkMode.PRIVATE;
            return new ContainerSpec(name, image, rootfs, command, environment, workingDirectory, user, volumes,
                    hostname, interactive, tty, removeOnExit, detach, mode, chosen, bootTimeout, stopTimeout, maskedUnits,
                    maskedGenerators, ports, extraHosts, tmpfs, cidFile, labels, readOnly, changesDirectory,
                    systemCallFilter);
        }
    }
}

package org.racker.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.distro.BootProfile;
import org.racker.host.HostProbe;
import org.racker.runtime.AbandonedContainerReaper;
import org.racker.runtime.ContainerRunner;
import org.racker.runtime.ContainerSpec;
import org.racker.runtime.EnvironmentVariable;
import org.racker.runtime.EventLog;
import org.racker.runtime.NetworkMode;
import org.racker.runtime.RunMode;
import org.racker.runtime.RunningContainer;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStore;

/**
 * racker bound to one state root: starts containers and attaches to the ones already there.
 * Any number of instances may share a root, in one JVM or in several processes (the
 * {@code racker} command included); each container's record is locked while it changes.
 */
public final class Racker {
    private final Path root;
    private final EventLog log;
    private final ContainerStore store;

    private Racker(Path root, EventLog log) {
        this.root = root.toAbsolutePath().normalize();
        this.log = log;
        this.store = new ContainerStore(this.root);
    }

    /** racker on {@code stateRoot}, reporting nothing. */
    public static Racker withRoot(Path stateRoot) {
        return builder().root(stateRoot).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Path root() {
        return root;
    }

    /**
     * Starts a container and returns once it is ready: a booted one when its systemd reports
     * READY=1, an app container when its command runs. A start that fails leaves nothing
     * behind, no record included.
     */
    public Container start(ContainerConfig config) throws RackerException {
        ResolvedImage image = resolve(config);
        ContainerSpec.Builder spec = ContainerSpec.builder(image.rootfs())
                .image(image.label())
                .command(image.command())
                .name(config.name())
                .hostname(config.hostname())
                .mode(switch (config.mode()) {
                    case AUTO -> RunMode.AUTO;
                    case BOOT -> RunMode.BOOT;
                    case APP -> RunMode.APP;
                })
                .network(switch (config.network()) {
                    case HOST -> NetworkMode.HOST;
                    case NONE -> NetworkMode.NONE;
                    case PRIVATE -> NetworkMode.PRIVATE;
                })
                .bootTimeout(config.bootTimeout())
                .stopTimeout(config.stopTimeout())
                .maskedUnits(config.bootProfile() == ContainerConfig.BootProfile.TEST ? BootProfile.MASKED_UNITS
                        : java.util.List.of());
        for (Map.Entry<String, String> v : config.environment().entrySet()) {
            EnvironmentVariable.parse(v.getKey() + "=" + v.getValue(), Map.of()).ifPresent(spec::env);
        }
        for (Volume volume : config.volumes()) {
            if (!Files.isDirectory(volume.hostPath()) && !Files.isRegularFile(volume.hostPath())) {
                throw new InvalidArgumentException("volume host path " + volume.hostPath()
                        + " does not exist; create it first");
            }
            spec.volume(volume.toMount());
        }
        RunningContainer running = new ContainerRunner(store, new HostProbe(), log).start(spec.build());
        return Container.started(store, log, config.stopTimeout(), running);
    }

    /**
     * A handle on a container already in this state root, by its name, its id or a unique
     * prefix of the id. Closing the handle stops and removes the container, as for one this
     * JVM started.
     */
    public Container attach(String nameOrId) throws RackerException {
        // records of containers whose racker died are settled first, so a dead one reads as exited
        new AbandonedContainerReaper(store, log).reap();
        ContainerRecord record = store.find(nameOrId);
        return Container.attached(store, log, record);
    }

    /** The root a config runs and the command it starts with. */
    private record ResolvedImage(Path rootfs, String label, java.util.List<String> command) { }

    private ResolvedImage resolve(ContainerConfig config) throws RackerException {
        Image image = config.image();
        if (image.directory() == null) {
            throw new InvalidArgumentException("named images are not supported yet: " + image.name());
        }
        if (!Files.isDirectory(image.directory())) {
            throw new InvalidArgumentException("no such root directory: " + image.directory());
        }
        return new ResolvedImage(image.directory().toAbsolutePath().normalize(), image.directory().toString(),
                config.command());
    }

    /** Configures a {@link Racker}; the state root is required. */
    public static final class Builder {
        private Path root;
        private EventLog log = EventLog.SILENT;

        private Builder() { }

        /** Where container records (and pulled images) are kept. */
        public Builder root(Path value) {
            root = value;
            return this;
        }

        /** Where racker reports what it does (boots, stops, commands); silent by default. */
        public Builder eventLog(EventLog value) {
            log = Objects.requireNonNull(value, "eventLog");
            return this;
        }

        public Racker build() {
            return new Racker(Objects.requireNonNull(root, "root"), log);
        }
    }
}

package org.racker.api;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.distro.ImageSources;
import org.racker.host.HostProbe;
import org.racker.runtime.boot.BootProfile;
import org.racker.runtime.ContainerRunner;
import org.racker.runtime.ContainerSpec;
import org.racker.runtime.exec.EnvironmentVariable;
import org.racker.EventLog;
import org.racker.runtime.RunningContainer;
import org.racker.state.ContainerStore;
import org.racker.store.PullProgress;
import org.racker.fs.StateRoot;
import org.racker.vm.RunningVm;
import org.racker.vm.VmOptions;
import org.racker.vm.VmRunner;

/**
 * racker bound to one state root: starts containers and attaches to the ones already there.
 * Any number of instances may share a root, in one JVM or in several processes (the
 * {@code racker} command included); each container's record is locked while it changes.
 */
public final class Racker {
    private final Path root;
    private final EventLog log;
    private final ContainerStore store;
    private final boolean tlsVerify;
    private final PullProgress pullProgress;
    private final Consumer<String> notices;

    private Racker(Builder b) {
        this.root = b.root.toAbsolutePath().normalize();
        this.log = b.log;
        this.store = new ContainerStore(this.root);
        this.tlsVerify = b.tlsVerify;
        this.pullProgress = b.pullProgress;
        this.notices = b.notices;
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
     * Makes an image ready to run: a directory is checked, a name is found in the state root
     * or pulled as {@code policy} says. {@link #start} does this itself; callers that combine
     * the image's defaults with options of their own (a command line) call it first.
     */
    public ResolvedImage resolve(Image image, PullPolicy policy) throws RackerException {
        return resolve(image, policy, ContainerConfig.Mode.AUTO);
    }

    /**
     * As {@link #resolve(Image, PullPolicy)}, for a container that is to run in {@code mode}:
     * a registry image without systemd that is to boot (AUTO or BOOT) is made bootable once,
     * when its distribution is one racker can install systemd in, and its bootable image is
     * returned (see {@link ResolvedImage#derivedFrom()}); in AUTO mode any other image without
     * systemd runs as an application container, in BOOT mode it is refused with the reason.
     * APP mode takes the image as it is, as docker does.
     */
    public ResolvedImage resolve(Image image, PullPolicy policy, ContainerConfig.Mode mode) throws RackerException {
        // made when needed: the image store prepares its directories, which exec and attach never use
        return new ImageResolver(new ImageSources(root, log, tlsVerify), pullProgress, notices, log)
                .resolve(image, policy, mode);
    }

    /**
     * Starts a container and returns once it is ready: a booted one when its systemd reports
     * READY=1, an app container when its command runs, then each of the configuration's
     * {@link ContainerConfig#waitStrategies()} met in turn. A start that fails leaves nothing
     * behind, no record included; a wait not met throws {@link WaitTimeoutException}.
     * Interrupted while waiting, it removes the container, keeps the thread's interrupt
     * status and throws a {@link RackerException}.
     */
    public Container start(ContainerConfig config) throws RackerException {
        if (config.vm()) {
            refuseForVm(config);
        }
        ResolvedImage image = resolve(config.image(), config.pullPolicy(), config.mode());
        ImageDefaults defaults = image.defaults();
        BootProfile profile = config.bootProfile().toRuntime();
        ContainerSpec.Builder spec = ContainerSpec.builder(image.rootfs())
                .image(image.label())
                .command(defaults.command(null, config.command()))
                .workingDirectory(defaults.workingDirectory())
                .user(defaults.user())
                .name(config.name())
                .hostname(config.hostname())
                .mode(config.mode().toRuntime())
                .network(config.network().toRuntime())
                .bootTimeout(config.readyTimeout())
                .stopTimeout(config.stopTimeout())
                .changesDirectory(config.changesDirectory())
                .maskedUnits(profile.maskedUnits())
                .maskedGenerators(profile.maskedGenerators())
                .systemCallFilter(config.systemCallFilter());
        Map<String, String> environment = new LinkedHashMap<>(defaults.environment());
        environment.putAll(config.environment());
        for (Map.Entry<String, String> v : environment.entrySet()) {
            EnvironmentVariable.parse(v.getKey() + "=" + v.getValue(), Map.of()).ifPresent(spec::env);
        }
        config.ports().forEach(spec::publish);
        config.extraHosts().forEach(spec::addHost);
        for (Volume volume : config.volumes()) {
            spec.volume(volume.toMount());
        }
        Container container;
        if (config.vm()) {
            RunningVm vm;
            try {
                vm = new VmRunner(store, StateRoot.privateDirectory(root, "vm"), log, notices)
                        .start(spec.removeOnExit(true).build(), VmOptions.DEFAULT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RackerException("interrupted while booting a VM of " + image.label() + "; it was ended", e);
            }
            container = Container.startedVm(store, log, config.stopTimeout(), vm);
        } else {
            RunningContainer running = new ContainerRunner(store, new HostProbe(), log).start(spec.build());
            container = Container.started(store, log, config.stopTimeout(), running);
        }
        boolean done = false;
        try {
            for (WaitStrategy wait : config.waitStrategies()) {
                wait.await(container);
            }
            done = true;
            return container;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RackerException("interrupted while starting " + container.name() + "; it was removed", e);
        } finally {
            if (!done) {
                container.close();
            }
        }
    }

    /** What a VM cannot do, refused before anything is derived or booted. */
    private static void refuseForVm(ContainerConfig config) throws InvalidArgumentException {
        if (config.mode() == ContainerConfig.Mode.APP) {
            throw new InvalidArgumentException("a VM boots its image: use mode AUTO or BOOT with vm(true)");
        }
        if (!config.volumes().isEmpty()) {
            throw new InvalidArgumentException("a VM has no host directories bound in: copy files in with"
                    + " Container.copyIn instead of volumes");
        }
        if (config.changesDirectory() != null) {
            throw new InvalidArgumentException("a VM keeps no changes directory: its disk's writes are thrown away");
        }
    }

    /**
     * Why this host cannot run containers (not root, no systemd-nspawn, no overlayfs), with
     * the fix; empty when it can. Cheap: file lookups only.
     */
    public static java.util.Optional<String> hostUnsupportedReason() {
        return new HostProbe().probe().unsupportedReason();
    }

    /**
     * A handle on a container already in this state root, by its name, its id or a unique
     * prefix of the id. Closing the handle stops and removes the container, as for one this
     * JVM started.
     */
    public Container attach(String nameOrId) throws RackerException {
        return Container.attached(store, log, new StoredContainers(store, log).record(nameOrId));
    }

    /** The container records of this root, for the API's own entry points. */
    ContainerStore store() {
        return store;
    }

    /** The containers of this state root, to list, stop, inspect or remove by name or id. */
    public Containers containers() {
        return new Containers(root, store, log, notices);
    }

    // ---- accessors of the container commands (runs) ----

    /** New containers as {@code racker run} and {@code racker create} make them, from docker's options. */
    public Runs runs() {
        return new Runs(this, log, notices);
    }

    // ---- end of accessors of the container commands ----

    /** The images of this state root, to list, pull, inspect or remove. */
    public Images images() {
        return new Images(root, log, tlsVerify, pullProgress);
    }

    // ---- accessors of the image and probe commands ----

    /** Removes the stopped containers and unused images of this state root. */
    public Pruner pruner() {
        return new Pruner(root, log);
    }

    /**
     * Credentials for registries, which pulls use; reporting what it does to {@code log}. They
     * are kept outside any state root, so no {@link Racker} is needed (nor root's rights).
     */
    public static Registries registries(EventLog log) {
        return new Registries(log);
    }

    /**
     * What this host offers for containers, and why racker cannot run them here if it
     * cannot. Runs {@code systemd-nspawn --version}: more than {@link #hostUnsupportedReason()}.
     */
    public static HostFacts hostFacts() {
        return HostFacts.of(new HostProbe().probeFully());
    }

    // ---- end of accessors of the image and probe commands ----

    /** Configures a {@link Racker}; the state root is required. */
    public static final class Builder {
        private Path root;
        private EventLog log = EventLog.SILENT;
        private boolean tlsVerify = true;
        private PullProgress pullProgress = PullProgress.SILENT;
        private Consumer<String> notices = notice -> { };

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

        /** Whether registries' certificates are verified when pulling; on by default. */
        public Builder tlsVerify(boolean value) {
            tlsVerify = value;
            return this;
        }

        /** Where pulls report their layers as they go; silent by default. */
        public Builder pullProgress(PullListener value) {
            pullProgress = PullListenerAdapter.of(Objects.requireNonNull(value, "pullProgress"));
            return this;
        }

        /** Receives the one-line notes a user should see, such as that an image is being pulled. */
        public Builder notices(Consumer<String> value) {
            notices = Objects.requireNonNull(value, "notices");
            return this;
        }

        public Racker build() {
            Objects.requireNonNull(root, "root");
            return new Racker(this);
        }
    }
}

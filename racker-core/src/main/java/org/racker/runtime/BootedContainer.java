package org.racker.runtime;

import org.racker.EventLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.racker.host.ProcessIdentity;
import org.racker.nativeio.NotifyMessage;
import org.racker.nativeio.NotifySocket;
import org.racker.runtime.boot.MaskedGenerators;
import org.racker.runtime.exec.CommandLines;
import org.racker.runtime.exec.ExecTarget;
import org.racker.runtime.network.EtcHosts;
import org.racker.runtime.network.PrivateNetwork;
import org.racker.runtime.process.ContainerCgroup;
import org.racker.runtime.process.ContainerStartException;
import org.racker.runtime.process.HostMode;
import org.racker.runtime.process.MachineLeftovers;
import org.racker.runtime.process.ProcessParent;

/**
 * A container whose systemd has booted and reported ready. Commands run in it through its
 * service manager; {@link #close()} powers it off and, past the stop timeout, kills it.
 */
public final class BootedContainer implements AutoCloseable {
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final ContainerSpec spec;
    private final String machineName;
    private final String hostname;
    private final HostMode hostMode;
    private final Process nspawn;
    private final ProcessIdentity nspawnIdentity;
    private final long leaderPid;
    private final Path logFile;
    private final PrivateNetwork network;
    private final boolean booted;
    private final EventLog log;
    private boolean closed;

    private BootedContainer(ContainerSpec spec, String machineName, String hostname, HostMode hostMode,
            Process nspawn, ProcessIdentity nspawnIdentity, long leaderPid, Path logFile, PrivateNetwork network,
            boolean booted, EventLog log) {
        this.spec = spec;
        this.booted = booted;
        this.machineName = machineName;
        this.hostname = hostname;
        this.hostMode = hostMode;
        this.nspawn = nspawn;
        this.nspawnIdentity = nspawnIdentity;
        this.leaderPid = leaderPid;
        this.logFile = logFile;
        this.network = network;
        this.log = log;
    }

    /**
     * Starts nspawn; {@link Booting#awaitReady()} then waits for READY=1 on a notify socket
     * of racker's own: no polling, so the boot has both cores to itself, and the caller can
     * do its own work (writing state) while the container boots.
     *
     * @param stateDir where the console and nspawn's own messages are written
     * @param network the private network to attach once the leader is known; null for other modes
     */
    static Booting start(Path nspawnBinary, ContainerSpec spec, String machineName, String hostname,
            HostMode hostMode, boolean dieWithRacker, Path stateDir, PrivateNetwork network, EventLog log)
            throws ContainerStartException {
        Path journal = null;
        if (!dieWithRacker) {
            // a detached container's journal outlives it, for racker logs after a stop
            journal = stateDir.resolve("journal");
            try {
                Files.createDirectories(journal);
            } catch (IOException e) {
                throw new ContainerStartException("cannot create " + journal + ": " + e.getMessage(), e);
            }
        }
        Path generators;
        try {
            generators = MaskedGenerators.write(stateDir, spec.maskedGenerators());
        } catch (IOException e) {
            throw new ContainerStartException("cannot write the masked generators of " + machineName + ": "
                    + e.getMessage(), e);
        }
        List<String> args = NspawnCommandLine.boot(nspawnBinary, spec, machineName, hostname, hostMode, dieWithRacker,
                network == null ? null : network.resolvConf(), stateDir.resolve(EtcHosts.FILE_NAME), journal, generators);
        List<String> masked = NspawnCommandLine.maskedUnits(spec, journal);
        if (!masked.isEmpty()) {
            log.info("masked for this boot (boot profile): " + String.join(" ", masked));
        }
        if (!spec.maskedGenerators().isEmpty()) {
            log.info("generators skipped for this boot (boot profile): " + String.join(" ", spec.maskedGenerators()));
        }
        return launch(args, spec, machineName, hostname, hostMode, dieWithRacker, false, stateDir, network, log);
    }

    /**
     * Starts nspawn with {@code args} and a notify socket, in the container's own cgroup on
     * hosts without machined; a detached container gets its {@link DetachedSupervisor}.
     * nspawn reports the leader's pid (and READY=1 right after it for containers that do
     * not boot), so app containers started to outlive racker use this path too.
     *
     * @param stderrToConsole the payload shares nspawn's stderr (app containers, which have
     *     no systemd to boot): keep it with the console output
     */
    static Booting launch(List<String> args, ContainerSpec spec, String machineName, String hostname,
            HostMode hostMode, boolean dieWithRacker, boolean stderrToConsole, Path stateDir, PrivateNetwork network,
            EventLog log) throws ContainerStartException {
        long t0 = System.nanoTime();
        ContainerCgroup cgroup = null;
        if (hostMode == HostMode.STANDALONE) {
            cgroup = ContainerCgroup.forMachine(machineName);
            try {
                cgroup.create();
            } catch (IOException e) {
                throw new ContainerStartException("cannot create the cgroup of " + machineName + ": " + e.getMessage(), e);
            }
        }
        if (!dieWithRacker) {
            args = DetachedSupervisor.wrap(args, cgroup, stateDir);
        } else if (cgroup != null) {
            args = cgroup.wrap(args);
        }
        if (network != null) {
            args = network.heldOpenBy(args);
        }
        log.debug("starting: " + CommandLines.render(args));
        Path console = stateDir.resolve("console.log");
        Path logFile = stderrToConsole ? console : stateDir.resolve("nspawn.log");
        NotifySocket notify = NotifySocket.bind("racker/" + machineName + "/" + ProcessHandle.current().pid());
        ProcessBuilder pb = new ProcessBuilder(args)
                .redirectInput(Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(Redirect.appendTo(console.toFile()))
                .redirectError(Redirect.appendTo(logFile.toFile()));
        pb.environment().put("NOTIFY_SOCKET", notify.environmentValue());
        NspawnCommandLine.environment(pb.environment(), spec.systemCallFilter());
        Process process;
        try {
            process = ProcessParent.start(pb);
        } catch (IOException e) {
            notify.close();
            if (network != null) {
                network.close();
            }
            MachineLeftovers.removeFor(machineName);
            throw new ContainerStartException("cannot start systemd-nspawn: " + e.getMessage(), e);
        }
        process.onExit().thenRun(() -> notify.wake("X_RACKER_NSPAWN_EXITED=1"));
        return new Booting(spec, machineName, hostname, hostMode, process, notify, logFile, stateDir, network,
                !stderrToConsole, log, t0);
    }

    /** A container whose nspawn runs and whose systemd is coming up. */
    static final class Booting {
        private final ContainerSpec spec;
        private final String machineName;
        private final String hostname;
        private final HostMode hostMode;
        private final Process process;
        private final NotifySocket notify;
        private final Path logFile;
        private final Path stateDir;
        private final PrivateNetwork network;
        private final boolean booted;
        private final EventLog log;
        private final long startNanos;

        private Booting(ContainerSpec spec, String machineName, String hostname, HostMode hostMode, Process process,
                NotifySocket notify, Path logFile, Path stateDir, PrivateNetwork network, boolean booted, EventLog log,
                long startNanos) {
            this.booted = booted;
            this.spec = spec;
            this.machineName = machineName;
            this.hostname = hostname;
            this.hostMode = hostMode;
            this.process = process;
            this.notify = notify;
            this.logFile = logFile;
            this.stateDir = stateDir;
            this.network = network;
            this.log = log;
            this.startNanos = startNanos;
        }

        Process process() {
            return process;
        }

        /**
         * Waits for systemd's READY=1 and, with a private network, for slirp4netns to have set it
         * up (it is attached as soon as the leader is known, so both come up side by side); if
         * nspawn exits first, the wait ends at once.
         */
        BootedContainer awaitReady() throws ContainerStartException {
            try (notify) {
                long leader = 0;
                boolean systemdReady = false;
                CompletableFuture<Void> networkReady = network == null ? CompletableFuture.completedFuture(null) : null;
                long deadline = startNanos + spec.bootTimeout().toNanos();
                while (true) {
                    long left = deadline - System.nanoTime();
                    Optional<NotifyMessage> message = left > 0 ? notify.receive(Duration.ofNanos(left)) : Optional.empty();
                    if (message.isEmpty()) {
                        container(leader).close();
                        throw new ContainerStartException("container " + machineName + " did not finish booting within "
                                + spec.bootTimeout().toSeconds() + " s and was stopped; raise --boot-timeout if the"
                                + " image is just slow, or look at " + stateDir.resolve("console.log"));
                    }
                    NotifyMessage m = message.get();
                    if (m.get("X_NSPAWN_LEADER_PID").isPresent()) {
                        leader = Long.parseLong(m.get("X_NSPAWN_LEADER_PID").get());
                        log.debug("container's init is process " + leader);
                        if (networkReady == null) {
                            networkReady = network.attach(leader);
                            networkReady.whenComplete((ok, failure) -> notify.wake("X_RACKER_NETWORK_DONE=1"));
                        }
                    }
                    if (m.isReady() && !systemdReady) {
                        log.debug("systemd reports ready");
                    }
                    if (m.get("X_RACKER_NETWORK_DONE").isPresent()) {
                        log.debug("slirp4netns reports the network up");
                    }
                    systemdReady |= m.isReady();
                    // only racker's own wake-up says nspawn is gone: it is queued behind all
                    // nspawn sent, so an app that ends at once still counts as started
                    boolean nspawnExited = m.get("X_RACKER_NSPAWN_EXITED").isPresent();
                    boolean networkFailed = networkReady != null && networkReady.isCompletedExceptionally();
                    if (networkFailed && !nspawnExited && ProcessIdentity.of(leader).isPresent()) {
                        container(leader).close();
                        throw new ContainerStartException("container " + machineName + " has no network: "
                                + failureOf(networkReady));
                    }
                    if (nspawnExited || networkFailed) {
                        // the container went down by itself (a network on a dead leader fails
                        // too): the boot failure is what to report
                        throw failedToBoot(leader);
                    }
                    if (systemdReady && leader > 0 && networkReady.isDone()) {
                        break;
                    }
                }
                log.info(String.format("booted %s from %s in %d ms", machineName, spec.rootfs(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos)));
                return container(leader);
            }
        }

        private BootedContainer container(long leader) {
            return new BootedContainer(spec, machineName, hostname, hostMode, process,
                    ProcessIdentity.of(process.pid()).orElse(null), leader, logFile, network, booted, log);
        }

        private ContainerStartException failedToBoot(long leader) {
            if (!ProcessParent.waitQuietly(process, KILL_WAIT)) {
                container(leader).close();
                return new ContainerStartException("container " + machineName + " failed to boot and was stopped"
                        + lastLine(logFile).map(l -> ": " + l).orElse(""));
            }
            if (network != null) {
                network.close();
            }
            MachineLeftovers.removeFor(machineName);
            // a detached container's process is its supervisor, which keeps nspawn's status
            int status = DetachedSupervisor.exitStatus(stateDir).orElse(process.exitValue());
            return new ContainerStartException("container " + machineName + " failed to boot (systemd-nspawn exited with "
                    + status + ")" + lastLine(logFile).map(l -> ": " + l).orElse(""));
        }

        private static String failureOf(CompletableFuture<Void> future) {
            try {
                future.join();
                return "";
            } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                return cause.getMessage();
            }
        }
    }

    public String machineName() {
        return machineName;
    }

    public long leaderPid() {
        return leaderPid;
    }

    public ProcessIdentity nspawnIdentity() {
        return nspawnIdentity;
    }

    /** The slirp4netns process of a private network. */
    Optional<ProcessIdentity> networkHelper() {
        return network == null ? Optional.empty() : network.helper();
    }

    /** What running a command in it needs to know. */
    ExecTarget execTarget() {
        return new ExecTarget(machineName, booted, machineName, leaderPid, hostname, hostMode, spec.rootfs(),
                spec.volumes(), spec.environment(), spec.workingDirectory());
    }

    /**
     * Powers the container off: SIGTERM to nspawn, which passes SIGRTMIN+4 to systemd. Past the
     * stop timeout the leader is killed, which takes every process of the container with it.
     * Safe to call more than once and from a shutdown hook.
     */
    @Override
    public synchronized void close() {
        end(false);
    }

    /**
     * Ends a container nothing will be read from again (a --rm run whose command finished) at
     * once: SIGKILL to its init, and the kernel ends every other process of its PID namespace
     * before the init counts as exited; nspawn then exits and removes its mounts as after a
     * poweroff. No unit gets to stop in order, which such a container does not need, and
     * which takes several times as long. Safe to call more than once and after {@link #close()}.
     */
    public synchronized void discard() {
        end(true);
    }

    private void end(boolean discard) {
        if (closed) {
            return;
        }
        closed = true;
        long t0 = System.nanoTime();
        if (nspawn.isAlive()) {
            Optional<ProcessIdentity> leader = leaderPid > 0 ? ProcessIdentity.of(leaderPid)
                    : Optional.empty();
            if (discard && leader.isPresent()) {
                leader.get().kill();
                if (network != null) {
                    network.kill(); // its end overlaps the container's
                }
                if (!ProcessParent.waitQuietly(nspawn, KILL_WAIT)) {
                    nspawn.destroyForcibly();
                    ProcessParent.waitQuietly(nspawn, KILL_WAIT);
                }
            } else {
                powerOff(leader);
            }
        }
        if (network != null) {
            network.close();
        }
        MachineLeftovers.removeFor(machineName);
        log.info(String.format("%s %s in %d ms", discard ? "discarded" : "stopped", machineName,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)));
    }

    private void powerOff(Optional<ProcessIdentity> leader) {
        nspawn.destroy();
        if (!ProcessParent.waitQuietly(nspawn, spec.stopTimeout())) {
            log.info("container " + machineName + " did not power off within "
                    + spec.stopTimeout().toSeconds() + " s; killing it");
            leader.ifPresent(ProcessIdentity::kill);
            if (!ProcessParent.waitQuietly(nspawn, KILL_WAIT)) {
                nspawn.destroyForcibly();
                ProcessParent.waitQuietly(nspawn, KILL_WAIT);
            }
        }
    }

    /** The last line of nspawn's log (or a build log) worth quoting in an error: nspawn's own farewell left out. */
    static Optional<String> lastLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String line = lines.get(i).trim();
                if (!line.isEmpty() && !line.startsWith("Attempted to remove disk file system")) {
                    return Optional.of(line);
                }
            }
            return Optional.empty();
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }
}

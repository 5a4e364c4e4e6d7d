package org.racker.runtime.network;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.racker.host.ProcessIdentity;
import org.racker.runtime.process.ContainerCgroup;
import org.racker.runtime.process.ContainerStartException;
import org.racker.runtime.process.HostMode;
import org.racker.runtime.process.ProcessParent;

/**
 * A container's own network namespace with a way out: slirp4netns, attached to the container's
 * leader once nspawn reports it, gives the namespace a tap device with NAT to the host's
 * network (user-mode, no bridge, no iptables, nothing to clean up on the host), so packages
 * install from the mirror while the container's ports stay its own. One slirp4netns process
 * per container and nothing else; it ends with nspawn (see {@link ContainerLifeline}).
 */
public final class PrivateNetwork implements AutoCloseable {
    /** slirp4netns leaves within microseconds of nspawn: this is only a bound for a sick host. */
    private static final Duration EXIT_WAIT = Duration.ofSeconds(2);
    private static final String LOG_FILE = "slirp4netns.log";

    private final Path binary;
    private final String machineName;
    private final HostMode hostMode;
    private final Path stateDir;
    private final ContainerLifeline lifeline;
    private final Path resolvConf;
    private final List<PortMapping> ports;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private Process process;
    private boolean closed;

    private PrivateNetwork(Path binary, String machineName, HostMode hostMode, Path stateDir,
            ContainerLifeline lifeline, Path resolvConf, List<PortMapping> ports) {
        this.binary = binary;
        this.machineName = machineName;
        this.hostMode = hostMode;
        this.stateDir = stateDir;
        this.lifeline = lifeline;
        this.resolvConf = resolvConf;
        this.ports = List.copyOf(ports);
    }

    /**
     * Makes what must exist before nspawn starts: the lifeline and the container's resolv.conf.
     *
     * @param ports published ports, their host ports settled (see {@link HostPorts}), forwarded
     *     once slirp4netns is up
     */
    public static PrivateNetwork prepare(Path slirp4netns, String machineName, HostMode hostMode, Path stateDir,
            List<PortMapping> ports) throws ContainerStartException {
        try {
            if (!ports.isEmpty()) {
                Files.deleteIfExists(stateDir.resolve(Slirp4netnsApi.SOCKET_NAME));
            }
            return new PrivateNetwork(slirp4netns, machineName, hostMode, stateDir,
                    ContainerLifeline.create(stateDir), ResolvConf.write(stateDir), ports);
        } catch (IOException e) {
            throw new ContainerStartException("cannot prepare the private network of " + machineName + ": "
                    + e.getMessage(), e);
        }
    }

    public Path resolvConf() {
        return resolvConf;
    }

    /** nspawn's command line with the lifeline held open by it. */
    public List<String> heldOpenBy(List<String> nspawnCommand) {
        return lifeline.heldOpenBy(nspawnCommand);
    }

    /**
     * Starts slirp4netns on the leader's network namespace. The result completes once the tap
     * device is configured, or fails with slirp4netns's own complaint.
     */
    public synchronized CompletableFuture<Void> attach(long leaderPid) {
        if (closed || process != null) {
            return ready;
        }
        try {
            requireOwnNamespace(leaderPid);
            List<String> args = Slirp4netnsCommandLine.launch(lifeline.path(),
                    Slirp4netnsCommandLine.slirp4netns(binary, leaderPid,
                            ports.isEmpty() ? null : Slirp4netnsApi.SOCKET_NAME));
            if (hostMode == HostMode.STANDALONE) {
                // With the container's other processes: a kill of the container's cgroup (stop,
                // kill, the reaper) takes it too, and it shows in the container's accounting.
                ContainerCgroup cgroup = ContainerCgroup.forMachine(machineName).child("network");
                cgroup.create();
                args = cgroup.wrap(args);
            }
            ProcessBuilder pb = new ProcessBuilder(args)
                    .directory(stateDir.toFile()) // where its API socket's relative name points
                    .redirectInput(Redirect.from(new java.io.File("/dev/null")))
                    .redirectError(Redirect.appendTo(stateDir.resolve(LOG_FILE).toFile()));
            // how a leak check finds the helper of a given container
            pb.environment().put("RACKER_MACHINE", machineName);
            process = pb.start();
        } catch (IOException | ContainerStartException e) {
            ready.completeExceptionally(e instanceof ContainerStartException ? e
                    : new ContainerStartException("cannot start slirp4netns for " + machineName + ": " + e.getMessage(), e));
            return ready;
        }
        Process started = process;
        Thread waiter = new Thread(() -> awaitReady(started), "slirp4netns-" + machineName);
        waiter.setDaemon(true);
        waiter.start();
        return ready;
    }

    /**
     * slirp4netns configures whatever namespace the pid is in: the host's own would get a tap
     * device and a default route through it. A leader nspawn reports for --private-network is
     * never in the host's namespace; this makes sure no mistake can ever make it so.
     */
    private static void requireOwnNamespace(long pid) throws ContainerStartException {
        try {
            Path theirs = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "net"));
            Path ours = Files.readSymbolicLink(Path.of("/proc/self/ns/net"));
            if (theirs.equals(ours)) {
                throw new ContainerStartException("refusing to attach slirp4netns to process " + pid
                        + ": it is in the host's network namespace");
            }
        } catch (IOException e) {
            throw new ContainerStartException("cannot read the network namespace of process " + pid + ": " + e, e);
        }
    }

    private void awaitReady(Process p) {
        try (InputStream in = p.getInputStream()) {
            int b = in.read();
            if (b == '1') {
                lifeline.unlink(); // both ends are open now
                Optional<String> unpublished = publish();
                if (unpublished.isEmpty()) {
                    ready.complete(null);
                } else {
                    ready.completeExceptionally(new ContainerStartException(unpublished.get()));
                }
                return;
            }
        } catch (IOException e) {
            // fall through: not ready
        }
        ProcessParent.waitQuietly(p, EXIT_WAIT);
        ready.completeExceptionally(new ContainerStartException("slirp4netns did not set up the network of "
                + machineName + (p.isAlive() ? "" : " (exit status " + p.exitValue() + ")")
                + lastWords().map(l -> ": " + l).orElse("")));
    }

    /**
     * Forwards the published ports; what went wrong, if anything. slirp4netns reports ready
     * only once its API socket listens, so there is no wait here.
     */
    private Optional<String> publish() {
        if (ports.isEmpty()) {
            return Optional.empty(); // nor the API's JSON binding, tens of ms of class loading
        }
        Slirp4netnsApi api = new Slirp4netnsApi(stateDir);
        for (PortMapping p : ports) {
            try {
                api.addHostForward(p);
            } catch (IOException e) {
                // racker found the port free a moment ago: another program took it since
                return Optional.of("cannot publish " + p.hostAddress() + "/" + p.protocol() + " (slirp4netns: "
                        + e.getMessage() + "): is the host port in use?");
            }
        }
        return Optional.empty();
    }

    private Optional<String> lastWords() {
        try {
            List<String> lines = Files.readAllLines(stateDir.resolve(LOG_FILE));
            for (int i = lines.size() - 1; i >= 0; i--) {
                String line = lines.get(i).strip();
                if (!line.isEmpty() && !line.startsWith("WARNING:") && !line.equals("do_slirp is exiting")
                        && !line.equals("apifd event") && !line.startsWith("api_handler:")) {
                    return Optional.of(line);
                }
            }
        } catch (IOException e) {
            // no log: nothing to add
        }
        return Optional.empty();
    }

    /** The slirp4netns process, once started, for the container's record. */
    public synchronized Optional<ProcessIdentity> helper() {
        return process == null ? Optional.empty() : ProcessIdentity.of(process.pid());
    }

    /**
     * Ends slirp4netns at once, without waiting: for a container being discarded, whose
     * network nothing uses any more, so that its end overlaps the container's own. {@link
     * #close()} still waits for it.
     */
    public synchronized void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /**
     * Called once nspawn has gone: slirp4netns sees the lifeline hang up and leaves by itself;
     * this waits for that (a stopped racker run leaves nothing behind) and kills it if it has not
     * (it never got as far as opening the lifeline, say).
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (process != null && process.isAlive()) {
            boolean attached = ready.isDone() && !ready.isCompletedExceptionally();
            if (!attached || !ProcessParent.waitQuietly(process, EXIT_WAIT)) {
                process.destroyForcibly();
                ProcessParent.waitQuietly(process, EXIT_WAIT);
            }
        }
        ready.completeExceptionally(new ContainerStartException("the container " + machineName + " stopped"));
        lifeline.unlink();
    }

    /**
     * For a container racker did not start in this process (stop, kill, the reaper): once its
     * nspawn is gone, its slirp4netns must be too.
     */
    public static void reap(ProcessIdentity helper) {
        if (helper != null && !helper.awaitExit(EXIT_WAIT)) {
            helper.kill();
        }
    }
}

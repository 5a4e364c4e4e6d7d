package org.racker.vm;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.racker.RackerException;
import org.racker.runtime.exec.CommandLines;
import org.racker.EventLog;
import org.racker.runtime.process.ProcessParent;

/**
 * One running QEMU VM: booted from a {@link VmImage}, reached through its guest agent, ended
 * through its monitor. Everything it makes lives in its state directory: the agent's and the
 * monitor's sockets, the console log, and the disk's throw-away overlay (QEMU's $TMPDIR).
 *
 * <p>QEMU runs in a session of its own (Ctrl-C reaches racker, which then ends the VM in
 * order) and gets SIGTERM from the kernel when racker dies, however it dies; it is started
 * from {@link ProcessParent}, whose thread lives as long as its children do.
 */
public final class VirtualMachine implements AutoCloseable {
    static final String AGENT_SOCKET = "agent.sock";
    static final String MONITOR_SOCKET = "monitor.sock";
    /** The guest's serial console: the kernel's and systemd's messages, for a boot that fails. */
    static final String CONSOLE_LOG = "kernel-console.log";
    /** What {@code logs} shows of a VM, as of a container: its detached command's output. */
    static final String OUTPUT_LOG = "console.log";

    /** The guest's environment for commands when the caller names none: the agent's own is not the user's. */
    public static final List<String> DEFAULT_ENVIRONMENT = List.of(
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root", "LANG=C.UTF-8");

    private final Process qemu;
    private final Path stateDir;
    private final GuestAgent agent;
    private final QmpClient monitor;
    private final EventLog log;

    private VirtualMachine(Process qemu, Path stateDir, GuestAgent agent, QmpClient monitor, EventLog log) {
        this.qemu = qemu;
        this.stateDir = stateDir;
        this.agent = agent;
        this.monitor = monitor;
        this.log = log;
    }

    /** QEMU, once started; for the caller's records and teardown. */
    public interface Started {
        void started(Process qemu);
    }

    /**
     * Boots {@code machine} and waits until its guest agent answers, within {@code bootTimeout}
     * from now; on any failure QEMU is ended before this returns. {@code maskedUnits} are
     * skipped for a derived image's boot; a disk boots as its own boot loader says.
     */
    public static VirtualMachine boot(Path qemuBinary, Accelerator accelerator, VmMachine machine, VmOptions options,
            List<String> maskedUnits, Path stateDir, Duration bootTimeout, EventLog log, Started started)
            throws VmException, InterruptedException {
        return boot(qemuBinary, accelerator, machine, options, maskedUnits, stateDir, bootTimeout, true, log, started);
    }

    /**
     * The same; with {@code dieWithRacker} false, QEMU outlives racker ({@code run -d}): it
     * still runs in a session of its own, without the parent-death signal.
     */
    public static VirtualMachine boot(Path qemuBinary, Accelerator accelerator, VmMachine machine, VmOptions options,
            List<String> maskedUnits, Path stateDir, Duration bootTimeout, boolean dieWithRacker, EventLog log,
            Started started) throws VmException, InterruptedException {
        long deadline = System.nanoTime() + bootTimeout.toNanos();
        QemuCommandLine line = new QemuCommandLine(qemuBinary, accelerator, options, machine,
                machine instanceof VmImage ? QemuCommandLine.kernelArguments(maskedUnits) : List.of(),
                AGENT_SOCKET, MONITOR_SOCKET,
                stateDir.resolve(CONSOLE_LOG), stateDir.resolve(OUTPUT_LOG));
        List<String> args = new ArrayList<>(dieWithRacker ? List.of("setsid", "setpriv", "--pdeathsig=TERM", "--")
                : List.of("setsid"));
        args.addAll(line.arguments());
        log.debug("starting: " + CommandLines.render(args));
        ProcessBuilder pb = new ProcessBuilder(args).directory(stateDir.toFile())
                .redirectInput(Redirect.from(new File("/dev/null")))
                .redirectOutput(Redirect.appendTo(stateDir.resolve("qemu.log").toFile()))
                .redirectErrorStream(true);
        // snapshot=on puts the disk's overlay here, so it is removed with the VM's state
        pb.environment().put("TMPDIR", stateDir.toString());
        Process qemu;
        try {
            qemu = ProcessParent.start(pb);
        } catch (IOException e) {
            throw new VmException("cannot start " + qemuBinary + ": " + e.getMessage(), e);
        }
        started.started(qemu);
        GuestAgent agent = null;
        QmpClient monitor = null;
        try {
            monitor = QmpClient.connect(awaitSocket(stateDir, MONITOR_SOCKET, qemu, deadline));
            agent = GuestAgent.connect(awaitSocket(stateDir, AGENT_SOCKET, qemu, deadline));
            agent.awaitReady(deadline, qemu::isAlive);
            log.debug("the guest agent answers");
            return new VirtualMachine(qemu, stateDir, agent, monitor, log);
        } catch (VmTimeoutException e) {
            end(qemu, agent, monitor, stateDir);
            if (machine instanceof VmDisk) {
                throw new VmTimeoutException("the guest agent did not answer within " + bootTimeout.toSeconds()
                        + " s and the VM was stopped: check that the disk boots on its own (BIOS) and starts"
                        + " qemu-guest-agent on the virtio port " + QemuCommandLine.AGENT_PORT
                        + ", or raise --boot-timeout if it is just slow" + lastConsoleLine(stateDir));
            }
            throw new VmTimeoutException("the VM did not finish booting within " + bootTimeout.toSeconds()
                    + " s and was stopped; raise --boot-timeout if the image is just slow, or look at "
                    + stateDir.resolve(CONSOLE_LOG));
        } catch (IOException e) {
            end(qemu, agent, monitor, stateDir);
            throw new VmException("cannot reach the VM: " + e.getMessage() + qemuLog(stateDir), e);
        } catch (VmException | InterruptedException | RuntimeException e) {
            end(qemu, agent, monitor, stateDir);
            if (e instanceof VmException && !qemu.isAlive() && machine instanceof VmDisk) {
                throw new VmException("the VM ended before its guest agent answered: check that the disk boots on"
                        + " its own (BIOS) and starts qemu-guest-agent on the virtio port " + QemuCommandLine.AGENT_PORT
                        + qemuLog(stateDir) + lastConsoleLine(stateDir), e);
            }
            if (e instanceof VmException && !qemu.isAlive()) {
                throw new VmException(e.getMessage() + qemuLog(stateDir), e);
            }
            throw e;
        }
    }

    /**
     * QEMU makes its sockets as it starts; until then there is nothing to connect to. The
     * path returned reaches the socket through QEMU's working directory in /proc, short
     * whatever the state directory's length.
     */
    private static Path awaitSocket(Path stateDir, String name, Process qemu, long deadline) throws VmException,
            InterruptedException {
        Path socket = stateDir.resolve(name);
        long pause = 2;
        while (!Files.exists(socket)) {
            if (!qemu.isAlive()) {
                throw new VmException("QEMU exited with status " + qemu.exitValue() + " as it started");
            }
            if (System.nanoTime() > deadline) {
                throw new VmTimeoutException("QEMU made no " + socket.getFileName());
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 50);
        }
        return Path.of("/proc", Long.toString(qemu.pid()), "cwd", name);
    }

    /** The guest console's last line, if it wrote one: where the boot got to. */
    private static String lastConsoleLine(Path stateDir) {
        try {
            String last = new String(Files.readAllBytes(stateDir.resolve(CONSOLE_LOG)),
                    java.nio.charset.StandardCharsets.UTF_8).lines().map(String::strip).filter(l -> !l.isEmpty())
                    .reduce((a, b) -> b).orElse("");
            return last.isEmpty() ? "" : " (its console's last line: "
                    + org.racker.InvalidArgumentException.printable(last) + ")";
        } catch (IOException e) {
            return "";
        }
    }

    private static String qemuLog(Path stateDir) {
        try {
            String text = Files.readString(stateDir.resolve("qemu.log")).strip();
            return text.isEmpty() ? "" : ": " + text.lines().reduce((a, b) -> b).orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    public Process process() {
        return qemu;
    }

    public Path stateDir() {
        return stateDir;
    }

    /** Runs {@code command} in the guest to its end, {@code stdin} (may be empty) on its input. */
    public GuestExecResult exec(List<String> command, List<String> env, byte[] stdin)
            throws RackerException, InterruptedException {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command");
        }
        return agent.exec(command, env, stdin);
    }

    /**
     * Starts {@code command} in the guest and leaves it running ({@code run -d}'s command), its
     * stdout and stderr to the output port, which QEMU writes to the state directory. When it
     * ends, as a container whose command ends, the VM does: its status to the exit port (kept
     * by QEMU where racker reads a detached container's), then a poweroff. The caller checks
     * first that the command can start: behind the shell, the agent no longer sees it fail.
     */
    public void start(List<String> command, List<String> env) throws RackerException, InterruptedException {
        List<String> wrapped = new java.util.ArrayList<>(List.of("/bin/sh", "-c",
                "\"$@\" >/dev/virtio-ports/" + QemuCommandLine.OUTPUT_PORT + " 2>&1; echo $? >/dev/virtio-ports/"
                        + QemuCommandLine.EXIT_PORT + "; systemctl --no-block poweroff || poweroff", "sh"));
        wrapped.addAll(command);
        agent.start(wrapped, env);
    }

    /** The agent this process holds the channel of: its file calls for {@link VmFiles}. */
    GuestAgent agent() {
        return agent;
    }

    public byte[] readFile(String path) throws VmException, InterruptedException {
        return agent.readFile(path);
    }

    public void writeFile(String path, byte[] content) throws VmException, InterruptedException {
        agent.writeFile(path, content);
    }

    /**
     * Orderly poweroff: the guest's init shuts down (asked through the agent, which needs no
     * ACPI daemon or logind in the guest), and after {@code timeout} QEMU is told to quit and then
     * killed. Returns whether the guest powered off by itself in time.
     */
    public boolean powerOff(Duration timeout) {
        boolean orderly = false;
        try {
            try {
                askToPowerOff();
            } catch (IOException | RackerException e) {
                // the request may have gone through before the channel broke (a quick guest
                // stops its agent before answering): the wait below tells
                log.debug("asking the guest to power off: " + e.getMessage());
            }
            orderly = qemu.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (orderly) {
                log.debug("the VM powered off");
            } else {
                log.info("the VM did not power off within " + timeout.toSeconds() + " s: ending it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        end(qemu, agent, monitor, stateDir);
        return orderly;
    }

    /**
     * systemd's poweroff job, started through the agent without waiting for systemctl (the
     * agent may be gone before it could report a status); the agent's own guest-shutdown
     * (which goes through shutdown(8) and, for a delay of +0, through logind, masked for a
     * test boot) for guests without systemctl.
     */
    private void askToPowerOff() throws IOException, RackerException, InterruptedException {
        try {
            agent.start(List.of("systemctl", "--no-block", "poweroff"), DEFAULT_ENVIRONMENT);
        } catch (org.racker.CommandNotFoundException e) {
            log.debug("no systemctl in the guest");
            agent.shutdown();
        }
    }

    /** Leaves the VM running on its own ({@code run -d}): only racker's connections to it close. */
    public void detach() {
        agent.close();
        monitor.close();
    }

    /**
     * Runs {@code command} in a VM that another racker started ({@code exec} on a {@code run
     * -d} VM), through the agent's socket in QEMU's working directory.
     */
    public static GuestExecResult execIn(long qemuPid, List<String> command, List<String> env, byte[] stdin,
            Duration connectTimeout) throws RackerException, InterruptedException {
        try (GuestAgent agent = agentOf(qemuPid, connectTimeout)) {
            return agent.exec(command, env, stdin);
        }
    }

    /** Starts {@code command} in a VM that another racker started, without waiting for it. */
    public static void startIn(long qemuPid, List<String> command, List<String> env, Duration connectTimeout)
            throws RackerException, InterruptedException {
        try (GuestAgent agent = agentOf(qemuPid, connectTimeout)) {
            agent.start(command, env);
        }
    }

    /** The guest agent of a VM that another racker started, answering. */
    static GuestAgent agentOf(long qemuPid, Duration connectTimeout) throws VmException, InterruptedException {
        Path socket = Path.of("/proc", Long.toString(qemuPid), "cwd", AGENT_SOCKET);
        GuestAgent agent;
        try {
            agent = GuestAgent.connect(socket);
        } catch (IOException e) {
            throw new VmException("cannot reach the VM's guest agent: " + e.getMessage(), e);
        }
        try {
            // another racker's exec may hold the channel: the connection waits its turn, the sync tells when
            ProcessHandle qemu = ProcessHandle.of(qemuPid).orElseThrow(() -> new VmException("the VM is not running"));
            agent.awaitReady(System.nanoTime() + connectTimeout.toNanos(), qemu::isAlive);
            return agent;
        } catch (VmException | InterruptedException | RuntimeException e) {
            agent.close();
            throw e;
        }
    }

    /** Ends a throw-away VM at once: its disk's writes are discarded anyway. */
    public void discard() {
        end(qemu, agent, monitor, stateDir);
    }

    @Override
    public void close() {
        discard();
    }

    /**
     * QMP's quit, then SIGKILL if QEMU is still there; waits for it to be gone, then removes
     * what a killed QEMU leaves in the state directory.
     */
    static void end(Process qemu, GuestAgent agent, QmpClient monitor, Path stateDir) {
        boolean interrupted = false;
        try {
            if (qemu.isAlive() && monitor != null) {
                monitor.quit();
                if (!qemu.waitFor(5, TimeUnit.SECONDS)) {
                    qemu.destroyForcibly();
                }
            } else if (qemu.isAlive()) {
                qemu.destroyForcibly();
            }
            qemu.waitFor();
        } catch (InterruptedException e) {
            interrupted = true;
            qemu.destroyForcibly();
            qemu.onExit().join();
        } finally {
            if (agent != null) {
                agent.close();
            }
            if (monitor != null) {
                monitor.close();
            }
            removeLeftovers(stateDir);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * What an ended VM may leave in its state directory when QEMU was killed: its sockets
     * and the disk's temporary overlay ({@code vl.*}, QEMU's name for it).
     */
    static void removeLeftovers(Path stateDir) {
        try (var entries = Files.list(stateDir)) {
            for (Path p : entries.toList()) {
                String n = p.getFileName().toString();
                if (n.equals(AGENT_SOCKET) || n.equals(MONITOR_SOCKET) || n.startsWith("vl.")) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            // a directory that is gone leaves nothing behind
        }
    }
}

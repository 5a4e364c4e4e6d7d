package org.racker.vm;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.runtime.ContainerNotRunningException;
import org.racker.runtime.exec.EnvironmentVariable;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;

/** {@code racker exec} on a VM started with {@code run -d --vm}: the command through its guest agent. */
public final class VmExec {
    /** How long to wait for the agent's channel, which another exec may be holding. */
    private static final Duration CHANNEL_WAIT = Duration.ofMinutes(5);

    private VmExec() { }

    public static boolean isVm(ContainerRecord record) {
        return VmRunner.MODE.equals(record.mode());
    }

    /** Runs {@code command} to its end in the VM; its output is written byte for byte, its status returned. */
    public static int exec(ContainerRecord record, List<String> command, List<EnvironmentVariable> env, byte[] stdin,
            OutputStream out, OutputStream err) throws RackerException, InterruptedException {
        if (record.status() != ContainerStatus.RUNNING || record.nspawn() == null || !record.nspawn().isAlive()) {
            throw new ContainerNotRunningException(record.name());
        }
        if (command.isEmpty()) {
            throw new InvalidArgumentException("no command given");
        }
        List<String> environment = new ArrayList<>(VirtualMachine.DEFAULT_ENVIRONMENT);
        for (EnvironmentVariable v : env) {
            environment.removeIf(a -> a.startsWith(v.name() + "="));
            environment.add(v.assignment());
        }
        GuestExecResult r = VirtualMachine.execIn(record.nspawn().pid(), command, environment, stdin, CHANNEL_WAIT);
        try {
            out.write(r.stdout());
            out.flush();
            err.write(r.stderr());
            err.flush();
        } catch (IOException e) {
            throw new VmException("cannot write the command's output: " + e.getMessage(), e);
        }
        return r.exitCode();
    }

    /**
     * {@code stop} of a VM: its guest powers off in order (systemd's poweroff, queued through
     * the agent); returns whether QEMU ended within {@code timeout}. The caller then settles
     * the record as for any container, ending QEMU if it is still there.
     */
    public static boolean powerOff(ContainerRecord record, Duration timeout) throws InterruptedException {
        if (record.status() != ContainerStatus.RUNNING || record.nspawn() == null || !record.nspawn().isAlive()) {
            return true;
        }
        try {
            VirtualMachine.startIn(record.nspawn().pid(), List.of("systemctl", "--no-block", "poweroff"),
                    VirtualMachine.DEFAULT_ENVIRONMENT, timeout);
        } catch (RackerException e) {
            // the request may have gone through before the channel broke (a quick guest stops
            // its agent first); if not, the wait ends in the timeout, as a stop ignored would
        }
        return record.nspawn().awaitExit(timeout);
    }
}

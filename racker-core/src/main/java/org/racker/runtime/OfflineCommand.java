package org.racker.runtime;

import java.nio.charset.StandardCharsets;

import org.racker.EventLog;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.racker.host.HostProbe;
import org.racker.runtime.exec.CommandLines;
import org.racker.runtime.process.ContainerCgroup;
import org.racker.runtime.process.MachineLeftovers;
import org.racker.runtime.process.ProcessParent;

/**
 * Runs one command in a root directory with systemd-nspawn, without booting and writing to
 * the root itself (no overlay): how images are provisioned. The host's resolv.conf is bound
 * in for the duration, never copied into the image. The command ends with racker, however
 * racker ends.
 */
public final class OfflineCommand {
    private OfflineCommand() { }

    /**
     * Runs {@code script} with /bin/sh in {@code rootfs}, its output appended to {@code log};
     * returns the exit status.
     */
    public static int run(Path rootfs, String machineName, String script, Path log, EventLog events)
            throws IOException, InterruptedException {
        Path nspawn = new HostProbe().probe().nspawn()
                .orElseThrow(() -> new IOException("systemd-nspawn was not found: install systemd-container"));
        // dies with racker, even by SIGKILL: nspawn turns the parent-death SIGTERM into killing its payload
        List<String> args = new ArrayList<>(NspawnCommandLine.prefix(nspawn, true));
        args.addAll(List.of("--quiet", "--register=no", "--keep-unit", "--directory=" + rootfs,
                "--machine=" + machineName, "--resolv-conf=bind-host", "--setenv=DEBIAN_FRONTEND=noninteractive",
                "--setenv=LC_ALL=C", "--pipe", "--", "/bin/sh", "-c", script));
        // in a cgroup of its own, as every container racker starts: nspawn with --keep-unit
        // makes its payload and supervisor groups under the cgroup it starts in, which would be
        // racker's own (left behind there, and shared by provisionings running side by side)
        ContainerCgroup cgroup = ContainerCgroup.forMachine(machineName);
        Process p = null;
        try {
            cgroup.create();
            List<String> wrapped = cgroup.wrap(args);
            events.debug("provisioning: " + CommandLines.render(wrapped));
            Files.createDirectories(log.getParent());
            p = ProcessParent.start(new ProcessBuilder(wrapped)
                    .redirectInput(Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true));
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor();
                return 124;
            }
            return p.exitValue();
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly().waitFor();
            }
            MachineLeftovers.removeFor(machineName); // the cgroup among them
        }
    }

    /** Whether the root has systemd to boot. */
    public static boolean hasSystemd(Path rootfs) {
        return ContainerRunner.hasSystemd(rootfs);
    }

    /** The last line of a build log worth quoting in an error (nspawn's own farewell left out). */
    public static String lastLine(Path file) {
        return BootedContainer.lastLine(file).orElse("no output");
    }
}

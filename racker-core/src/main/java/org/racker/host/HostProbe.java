package org.racker.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds out what the host offers. The checks used on every {@code run} are file lookups only;
 * asking nspawn for its version costs a process and is left to {@link #probeFully()}.
 */
public final class HostProbe {
    private final Path hostRoot;

    public HostProbe() {
        this(Path.of("/"));
    }

    /** A probe of another root: how tests fake a host's files. */
    public HostProbe(Path hostRoot) {
        this.hostRoot = hostRoot;
    }

    public HostInfo probe() {
        return probe(false);
    }

    public HostInfo probeFully() {
        return probe(true);
    }

    /**
     * Whether containers register with machined, as {@link HostInfo#machined()} says: all an
     * exec needs to know, without the rest of the probe.
     */
    public boolean machined() {
        return systemdPid1() && machinedAvailable();
    }

    private boolean systemdPid1() {
        return Files.isDirectory(hostRoot.resolve("run/systemd/system"));
    }

    private HostInfo probe(boolean withVersion) {
        Optional<Path> nspawn = findOnPath("systemd-nspawn");
        boolean systemdPid1 = systemdPid1();
        return new HostInfo(
                HostInfo.runsAsRoot(),
                nspawn,
                withVersion ? nspawn.flatMap(HostProbe::versionOf) : Optional.empty(),
                systemdPid1,
                systemdPid1 && machinedAvailable(),
                cgroupLayout(),
                overlayfs(),
                Files.exists(hostRoot.resolve("dev/kvm")),
                findOnPath("slirp4netns"));
    }

    /**
     * machined is bus-activated, so it counts as available when systemd is PID 1, the system
     * bus is up and the daemon is installed, even before its first start.
     */
    private boolean machinedAvailable() {
        return Files.exists(hostRoot.resolve("run/dbus/system_bus_socket"))
                && (Files.exists(hostRoot.resolve("usr/lib/systemd/systemd-machined"))
                        || Files.exists(hostRoot.resolve("lib/systemd/systemd-machined")));
    }

    private String cgroupLayout() {
        Path cgroup = hostRoot.resolve("sys/fs/cgroup");
        if (Files.exists(cgroup.resolve("cgroup.controllers"))) {
            return "unified (cgroup v2)";
        }
        if (Files.isDirectory(cgroup.resolve("unified"))) {
            return "hybrid (cgroup v1 controllers, v2 at /sys/fs/cgroup/unified)";
        }
        return Files.isDirectory(cgroup.resolve("memory")) ? "legacy (cgroup v1)" : "none";
    }

    private boolean overlayfs() {
        try {
            return Files.readString(Path.of("/proc/filesystems")).contains("\toverlay\n")
                    || Files.isDirectory(Path.of("/sys/module/overlay"));
        } catch (IOException e) {
            return false;
        }
    }

    static Optional<Path> findOnPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : (path + ":/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> versionOf(Path nspawn) {
        try {
            Process p = new ProcessBuilder(nspawn.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            // "systemd 252 (252.39-1~deb12u1)" on the first line
            String first = out.lines().findFirst().orElse("").trim();
            return first.isEmpty() ? Optional.empty() : Optional.of(first);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}

package org.racker.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the host offers for running containers.
 *
 * @param machined whether systemd is PID 1 and systemd-machined can register machines; then
 *     containers are registered (so {@code machinectl list} shows them) and commands run
 *     with {@code systemd-run --machine=}; otherwise nspawn runs unregistered and commands
 *     enter the container with nsenter.
 * @param slirp4netns the user-mode NAT that private networks need (--network private)
 */
public record HostInfo(
        boolean root,
        Optional<Path> nspawn,
        Optional<String> nspawnVersion,
        boolean systemdPid1,
        boolean machined,
        String cgroupLayout,
        boolean overlayfs,
        boolean kvm,
        Optional<Path> slirp4netns) {

    /** Why a private network cannot be had here, with the fix. */
    public static final String NO_SLIRP4NETNS = "--network private needs slirp4netns, which is not installed:"
            + " install it (apt-get install slirp4netns, dnf install slirp4netns) or use --network host";

    /** Why racker cannot work for a user other than root, with the fix. */
    public static final String NOT_ROOT = "racker must run as root (systemd-nspawn needs it): run it with sudo";

    /** Whether this process's effective uid is 0. */
    public static boolean runsAsRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0"); // the effective uid
                }
            }
        } catch (IOException e) {
            // fall through: unknown counts as not root
        }
        return false;
    }

    /** Why racker cannot run containers here, with the fix; empty when it can. */
    public Optional<String> unsupportedReason() {
        if (!root) {
            return Optional.of(NOT_ROOT);
        }
        if (nspawn.isEmpty()) {
            return Optional.of("systemd-nspawn was not found: install it (apt-get install systemd-container,"
                    + " dnf install systemd-container)");
        }
        if (!overlayfs) {
            return Optional.of("the kernel has no overlayfs, which ephemeral containers need: load it with"
                    + " modprobe overlay");
        }
        return Optional.empty();
    }
}

package org.racker.api;

import java.nio.file.Path;
import java.util.Optional;
import org.racker.host.HostInfo;

/**
 * What this host offers for containers, as {@code racker info} reports it; from
 * {@link Racker#hostFacts()}.
 *
 * @param root whether this process runs as root, which systemd-nspawn needs
 * @param nspawn where systemd-nspawn is, if installed
 * @param nspawnVersion its version, if it said
 * @param systemdPid1 whether systemd is the host's init
 * @param machined whether containers register with systemd-machined (then commands run in
 *     them with {@code systemd-run --machine}; otherwise they are entered with nsenter)
 * @param cgroupLayout the cgroup hierarchy, e.g. {@code v2 (unified)}
 * @param overlayfs whether the kernel has overlayfs, which ephemeral containers need
 * @param kvm whether VMs can use KVM
 * @param slirp4netns where slirp4netns is, which private networks need, if installed
 * @param unsupportedReason why racker cannot run containers here, with the fix; empty when it can
 */
public record HostFacts(boolean root, Optional<Path> nspawn, Optional<String> nspawnVersion, boolean systemdPid1,
        boolean machined, String cgroupLayout, boolean overlayfs, boolean kvm, Optional<Path> slirp4netns,
        Optional<String> unsupportedReason) {

    static HostFacts of(HostInfo host) {
        return new HostFacts(host.root(), host.nspawn(), host.nspawnVersion(), host.systemdPid1(), host.machined(),
                host.cgroupLayout(), host.overlayfs(), host.kvm(), host.slirp4netns(), host.unsupportedReason());
    }
}

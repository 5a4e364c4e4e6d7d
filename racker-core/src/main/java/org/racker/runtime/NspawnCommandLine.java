package org.racker.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.racker.runtime.boot.BootProfile;
import org.racker.runtime.boot.MaskedGenerators;
import org.racker.runtime.files.VolumeMount;
import org.racker.runtime.network.EtcHosts;
import org.racker.runtime.network.NetworkMode;
import org.racker.runtime.network.PrivateNetwork;
import org.racker.runtime.process.HostMode;

/**
 * The systemd-nspawn argument list for one container. The flags follow what works with and
 * without machined (shared/PLATFORM.md): unregistered hosts need {@code --register=no
 * --keep-unit}; the image is never written to ({@code --volatile=overlay}).
 */
final class NspawnCommandLine {
    /** nspawn's switch for its seccomp filter: "0" turns it off. */
    private static final String SECCOMP_VARIABLE = "SYSTEMD_SECCOMP";

    private NspawnCommandLine() { }

    /**
     * Sets nspawn's environment for a container: its seccomp filter is off only where the
     * spec says so, never because racker's own environment happens to carry the switch.
     */
    static void environment(java.util.Map<String, String> environment, boolean systemCallFilter) {
        if (systemCallFilter) {
            environment.remove(SECCOMP_VARIABLE);
        } else {
            environment.put(SECCOMP_VARIABLE, "0");
        }
    }

    /**
     * nspawn runs in a session of its own so that Ctrl-C in the user's terminal reaches racker,
     * which then powers the container off in order, rather than nspawn. With
     * {@code dieWithRacker}, the kernel sends nspawn SIGTERM if racker dies, even by SIGKILL,
     * and nspawn turns that into the container's poweroff signal. Without it (a detached
     * container), the session comes from {@link DetachedSupervisor}.
     */
    static List<String> prefix(Path nspawn, boolean dieWithRacker) {
        return prefix(nspawn, dieWithRacker, null);
    }

    /**
     * With {@code spec}'s changes directory, nspawn runs in a mount namespace of its own in
     * which the root is an overlay of the image and the changes directory's upper layer: the
     * mount goes with the namespace when nspawn exits, on every path, and the changes stay.
     */
    static List<String> prefix(Path nspawn, boolean dieWithRacker, ContainerSpec spec) {
        List<String> args = new ArrayList<>();
        if (dieWithRacker) {
            args.add("setsid");
            args.add("setpriv");
            args.add("--pdeathsig=TERM");
            args.add("--");
        }
        if (spec != null && spec.changesDirectory() != null) {
            ChangesDirectory changes = new ChangesDirectory(spec.changesDirectory());
            args.addAll(List.of("unshare", "--mount", "--propagation=private", "--", "/bin/sh", "-c",
                    "mount -t overlay -o \"$1\" overlay \"$2\" && shift 2 && exec \"$@\"", "sh",
                    changes.mountOptions(spec.rootfs()), changes.merged().toString()));
        }
        args.add(nspawn.toString());
        return args;
    }

    /**
     * @param resolvConf the container's resolv.conf for a private network (see {@link PrivateNetwork#resolvConf()});
     *     null for the other modes
     * @param etcHosts the container's /etc/hosts (see {@link EtcHosts})
     */
    static List<String> common(ContainerSpec spec, String machineName, String hostname, HostMode hostMode,
            Path resolvConf, Path etcHosts) {
        List<String> args = new ArrayList<>();
        args.add("--quiet");
        if (hostMode == HostMode.STANDALONE) {
            args.add("--register=no");
            args.add("--keep-unit");
        }
        if (spec.changesDirectory() == null) {
            args.add("--volatile=overlay");
            args.add("--directory=" + spec.rootfs());
        } else {
            args.add("--directory=" + new ChangesDirectory(spec.changesDirectory()).merged());
        }
        if (spec.readOnly()) {
            // over racker's own overlay (see ContainerRunner): the image stays untouched
            args.add("--read-only");
        }
        for (String tmpfs : spec.tmpfs()) {
            args.add("--tmpfs=" + tmpfs);
        }
        args.add("--machine=" + machineName);
        args.add("--hostname=" + hostname);
        for (VolumeMount volume : spec.volumes()) {
            args.add(volume.nspawnArgument());
        }
        args.addAll(network(spec.network(), resolvConf));
        // a volume of the user's over /etc/hosts (or /etc) wins, as in docker; binding onto it
        // would also make the mount point in the user's directory
        if (spec.volumes().stream().noneMatch(v -> v.covers("/etc/hosts"))) {
            args.add(new VolumeMount(etcHosts, "/etc/hosts", false).nspawnArgument());
        }
        return args;
    }

    /**
     * Any mode but host gets a namespace with only loopback; a private one is then given a way
     * out by slirp4netns, and a resolv.conf naming its DNS forwarder in place of the image's
     * (nspawn's own --resolv-conf choices all name resolvers a private network may not reach).
     */
    static List<String> network(NetworkMode mode, Path resolvConf) {
        List<String> args = new ArrayList<>();
        if (mode.isolated()) {
            args.add("--private-network");
        }
        if (mode == NetworkMode.PRIVATE) {
            java.util.Objects.requireNonNull(resolvConf, "a private network needs its resolv.conf");
            args.add("--resolv-conf=off");
            args.add(new VolumeMount(resolvConf, "/etc/resolv.conf", false).nspawnArgument());
        }
        return args;
    }

    /**
     * @param journalDir a host directory for the container's persistent journal, so that its
     *     logs can be read after it stopped; null keeps the journal in the ephemeral overlay
     */
    /**
     * @param maskedGenerators a directory of the generators to skip (see
     *     {@link MaskedGenerators}), bound where the container's systemd looks first; null for none
     */
    static List<String> boot(Path nspawn, ContainerSpec spec, String machineName, String hostname,
            HostMode hostMode, boolean dieWithRacker, Path resolvConf, Path etcHosts, Path journalDir,
            Path maskedGenerators) {
        List<String> args = prefix(nspawn, dieWithRacker, spec);
        args.addAll(common(spec, machineName, hostname, hostMode, resolvConf, etcHosts));
        if (journalDir != null) {
            args.add("--bind=" + journalDir + ":/var/log/journal");
        }
        if (maskedGenerators != null) {
            // /run is the container's own tmpfs: nothing of the image is hidden or followed
            args.add(new VolumeMount(maskedGenerators, MaskedGenerators.CONTAINER_PATH, true).nspawnArgument());
        }
        args.add("--boot");
        args.add("--notify-ready=yes");
        if (keepsTerminal(spec)) {
            // run -dit: the main command's terminal is the container's console, a pty whose
            // output nspawn writes to the log file and whose input stays open, as docker's
            args.add("--console=read-only");
        } else {
            // No terminal: console output goes to the container's log file, never to the user.
            args.add("--console=pipe");
        }
        // What nspawn sends the container's systemd when racker stops nspawn with SIGTERM:
        // SIGRTMIN+4 is systemd's orderly poweroff (SIGTERM is ignored by systemd).
        args.add("--kill-signal=SIGRTMIN+4");
        // Arguments after the options go to the container's systemd, which reads them like a
        // kernel command line; without this, systemd replaces nspawn's --hostname with the
        // image's /etc/hostname while it boots.
        args.add("systemd.hostname=" + hostname);
        if (keepsTerminal(spec)) {
            // systemd's own status and log lines on the console would mix with the command's
            // output; its log goes to the journal alone
            args.add("systemd.show_status=0");
            args.add("systemd.log_target=journal");
        }
        for (String unit : maskedUnits(spec, journalDir)) {
            args.add("systemd.mask=" + unit);
        }
        return args;
    }

    /** {@code run -dit}: a detached container whose command has a terminal that stays open. */
    static boolean keepsTerminal(ContainerSpec spec) {
        return spec.detach() && spec.tty() && !spec.command().isEmpty();
    }

    /** The units masked for this boot: the spec's, but a journal kept for after the container must reach its disk. */
    static List<String> maskedUnits(ContainerSpec spec, Path journalDir) {
        List<String> units = new java.util.ArrayList<>(journalDir == null ? spec.maskedUnits()
                : spec.maskedUnits().stream().filter(u -> !u.equals(BootProfile.JOURNAL_FLUSH)).toList());
        if (keepsTerminal(spec) && !units.contains(CONSOLE_GETTY)) {
            units.add(CONSOLE_GETTY); // the console is the command's terminal
        }
        return units;
    }

    private static final String CONSOLE_GETTY = "console-getty.service";
}

package org.racker.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The systemd-nspawn argument list for one container. The flags follow what works with and
 * without machined (shared/PLATFORM.md): unregistered hosts need {@code --register=no
 * --keep-unit}; the image is never written to ({@code --volatile=overlay}).
 */
final class NspawnCommandLine {
    private NspawnCommandLine() { }

    /**
     * nspawn runs in a session of its own so that Ctrl-C in the user's terminal reaches racker,
     * which then powers the container off in order, rather than nspawn. With
     * {@code dieWithRacker}, the kernel sends nspawn SIGTERM if racker dies, even by SIGKILL,
     * and nspawn turns that into the container's poweroff signal. Without it (a detached
     * container), the session comes from {@link DetachedSupervisor}.
     */
    static List<String> prefix(Path nspawn, boolean dieWithRacker) {
        List<String> args = new ArrayList<>();
        if (dieWithRacker) {
            args.add("setsid");
            args.add("setpriv");
            args.add("--pdeathsig=TERM");
            args.add("--");
        }
        args.add(nspawn.toString());
        return args;
    }

    static List<String> common(ContainerSpec spec, String machineName, String hostname, HostMode hostMode) {
        List<String> args = new ArrayList<>();
        args.add("--quiet");
        if (hostMode == HostMode.STANDALONE) {
            args.add("--register=no");
            args.add("--keep-unit");
        }
        args.add("--volatile=overlay");
        args.add("--directory=" + spec.rootfs());
        args.add("--machine=" + machineName);
        args.add("--hostname=" + hostname);
        for (VolumeMount volume : spec.volumes()) {
            args.add(volume.nspawnArgument());
        }
        return args;
    }

    /**
     * @param journalDir a host directory for the container's persistent journal, so that its
     *     logs can be read after it stopped; null keeps the journal in the ephemeral overlay
     */
    static List<String> boot(Path nspawn, ContainerSpec spec, String machineName, String hostname,
            HostMode hostMode, boolean dieWithRacker, Path journalDir) {
        List<String> args = prefix(nspawn, dieWithRacker);
        args.addAll(common(spec, machineName, hostname, hostMode));
        if (journalDir != null) {
            args.add("--bind=" + journalDir + ":/var/log/journal");
        }
        args.add("--boot");
        args.add("--notify-ready=yes");
        // No terminal: console output goes to the container's log file, never to the user.
        args.add("--console=pipe");
        // What nspawn sends the container's systemd when racker stops nspawn with SIGTERM:
        // SIGRTMIN+4 is systemd's orderly poweroff (SIGTERM is ignored by systemd).
        args.add("--kill-signal=SIGRTMIN+4");
        // Arguments after the options go to the container's systemd, which reads them like a
        // kernel command line; without this, systemd replaces nspawn's --hostname with the
        // image's /etc/hostname while it boots.
        args.add("systemd.hostname=" + hostname);
        return args;
    }
}

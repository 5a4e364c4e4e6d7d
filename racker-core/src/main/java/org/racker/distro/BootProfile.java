package org.racker.distro;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.racker.fs.RootedDirectory;
import org.racker.fs.RootedFiles;

/**
 * The boot profile for throw-away test containers: units such a container never needs
 * (logins on consoles, timers, utmp bookkeeping, crash-dump collection) are masked in the
 * image, so systemd reaches "running" sooner. D-Bus and logind-independent tools keep
 * working; nothing a package probe relies on is masked. Applied once, when the image is
 * provisioned.
 */
public final class BootProfile {
    /** Masked by the "test" profile; see shared/PLATFORM.md for what each group saves. */
    public static final List<String> MASKED_UNITS = List.of(
            "getty@.service", "serial-getty@.service", "console-getty.service", "container-getty@.service",
            "getty.target", "systemd-logind.service", "systemd-user-sessions.service",
            "systemd-update-utmp.service", "systemd-update-utmp-runlevel.service", "systemd-pstore.service",
            "apt-daily.timer", "apt-daily-upgrade.timer", "dpkg-db-backup.timer", "e2scrub_all.timer",
            "fstrim.timer", "logrotate.timer", "man-db.timer", "systemd-tmpfiles-clean.timer",
            "dnf-makecache.timer", "unbound-anchor.timer", "motd-news.timer",
            "sys-kernel-debug.mount", "sys-kernel-tracing.mount", "dev-hugepages.mount",
            "sys-fs-fuse-connections.mount");

    private BootProfile() { }

    /**
     * Masks the units in {@code rootfs} (their links made in its /etc/systemd/system, which is
     * resolved inside the root whatever symlinks the image has); returns those it masked.
     */
    public static List<String> applyTo(Path rootfs) throws IOException {
        List<String> masked = new ArrayList<>();
        try (RootedDirectory dir = new RootedFiles(rootfs).directory("/etc/systemd/system", true).orElseThrow()) {
            for (String unit : MASKED_UNITS) {
                dir.symlink(unit, "/dev/null");
                masked.add(unit);
            }
        }
        return masked;
    }
}

package org.racker.distro;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    /** Masks the units in {@code rootfs}; returns those it masked (not already masked). */
    public static List<String> applyTo(Path rootfs) throws IOException {
        Path dir = rootfs.resolve("etc/systemd/system");
        if (Files.isSymbolicLink(rootfs.resolve("etc")) || Files.isSymbolicLink(rootfs.resolve("etc/systemd"))) {
            throw new IOException("refusing to write through a symlinked /etc in " + rootfs);
        }
        Files.createDirectories(dir);
        List<String> masked = new ArrayList<>();
        for (String unit : MASKED_UNITS) {
            Path link = dir.resolve(unit);
            if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(link);
            }
            Files.createSymbolicLink(link, Path.of("/dev/null"));
            masked.add(unit);
        }
        return masked;
    }
}

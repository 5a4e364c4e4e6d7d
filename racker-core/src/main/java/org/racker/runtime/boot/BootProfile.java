package org.racker.runtime.boot;

import java.util.List;
import org.racker.InvalidArgumentException;

/**
 * Which of its units a booted container starts. The profile's units are masked for one boot
 * through systemd's command line ({@code systemd.mask=UNIT} after nspawn's {@code --boot}),
 * its generators by a directory of {@code /dev/null} links bound over the container's
 * {@code /run/systemd/system-generators} (the first place systemd looks for them), so it
 * applies to any root and never changes the image.
 */
public enum BootProfile {
    /** Everything the image enables. */
    STOCK(List.of(), List.of()),
    /**
     * Without what a throw-away test container never needs, so that systemd reaches READY
     * sooner: logins on consoles and their bookkeeping (gettys, logind, user sessions, utmp),
     * timers, crash-dump collection, kernel debug/trace/fuse/hugepage mounts, and the
     * boot-time jobs a volatile root makes pointless (flushing the journal to disk, first-boot
     * and update bookkeeping). D-Bus stays, so bus-activated tools (hostnamectl) keep working,
     * and so does everything a package install or a service relies on.
     */
    TEST(List.of(
            "getty@.service", "serial-getty@.service", "console-getty.service", "container-getty@.service",
            "getty.target", "systemd-logind.service", "systemd-user-sessions.service",
            "systemd-update-utmp.service", "systemd-update-utmp-runlevel.service", "systemd-pstore.service",
            "apt-daily.timer", "apt-daily-upgrade.timer", "dpkg-db-backup.timer", "e2scrub_all.timer",
            "fstrim.timer", "logrotate.timer", "man-db.timer", "systemd-tmpfiles-clean.timer",
            "dnf-makecache.timer", "unbound-anchor.timer", "motd-news.timer",
            "sys-kernel-debug.mount", "sys-kernel-tracing.mount", "dev-hugepages.mount",
            "sys-fs-fuse-connections.mount",
            // on the boot's critical path: moving the journal from /run to the root's disk (it
            // stays readable in /run), and remounting the root as an fstab would have it
            BootProfile.JOURNAL_FLUSH, "systemd-remount-fs.service",
            "systemd-ask-password-console.path", "systemd-ask-password-wall.path", "systemd-initctl.socket",
            // also on it: creating the system users of sysusers.d, which the packages' own
            // scripts did when the image was built, and /dev's static nodes, which nspawn's /dev has
            "systemd-sysusers.service", "systemd-tmpfiles-setup-dev.service", "systemd-tmpfiles-setup-dev-early.service"),
            // Each generator is a process that systemd waits for before it loads a single unit:
            // together about half of a container's boot. Kept: debug (it applies systemd.mask=)
            // and sysv (services a package ships only an init script for). Skipped: those for
            // disks, encryption, hibernation, consoles, offline updates and kernel command line
            // options a container never has, and fstab and rc-local: nspawn makes a container's
            // mounts, and a throw-away test has no use for an image's fstab entries or a legacy
            // rc.local (the stock profile keeps both).
            List.of("systemd-getty-generator", "systemd-cryptsetup-generator", "systemd-integritysetup-generator",
                    "systemd-veritysetup-generator", "systemd-gpt-auto-generator", "systemd-hibernate-resume-generator",
                    "systemd-system-update-generator", "systemd-run-generator", "systemd-bless-boot-generator",
                    "systemd-tpm2-generator", "systemd-ssh-generator", "systemd-import-generator",
                    "systemd-factory-reset-generator", "zram-generator", "systemd-fstab-generator",
                    "systemd-rc-local-generator"));

    /** Keeps the journal in /run; a container whose journal outlives it needs it on disk. */
    public static final String JOURNAL_FLUSH = "systemd-journal-flush.service";

    private final List<String> maskedUnits;
    private final List<String> maskedGenerators;

    BootProfile(List<String> maskedUnits, List<String> maskedGenerators) {
        this.maskedUnits = maskedUnits;
        this.maskedGenerators = maskedGenerators;
    }

    /** The units masked for a boot with this profile. */
    public List<String> maskedUnits() {
        return maskedUnits;
    }

    /** The systemd generators (file names) skipped for a boot with this profile. */
    public List<String> maskedGenerators() {
        return maskedGenerators;
    }

    /** The profile's units but those a caller needs running (a probe's checked units). */
    public List<String> maskedUnitsExcept(List<String> needed) {
        return maskedUnits.stream().filter(u -> !needed.contains(u) && !needed.contains(u.replaceFirst("\\.service$", "")))
                .toList();
    }

    /** The profile's name on the command line. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static BootProfile parse(String value) throws InvalidArgumentException {
        for (BootProfile p : values()) {
            if (p.label().equals(value)) {
                return p;
            }
        }
        throw new InvalidArgumentException("invalid boot profile " + InvalidArgumentException.quoted(value)
                + ": use test (skip what a throw-away container never needs) or stock (every unit)");
    }
}

package org.racker.distro;

import java.util.ArrayList;
import java.util.List;

/**
 * The package managers of the curated distributions and how each installs packages
 * non-interactively, from the repositories or from local package files.
 */
public enum PackageManager {
    APT("apt"), DNF("dnf"), YUM("yum"), MICRODNF("microdnf"), ZYPPER("zypper"), PACMAN("pacman");

    private final String id;

    PackageManager(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static PackageManager of(String id) {
        for (PackageManager pm : values()) {
            if (pm.id.equals(id)) {
                return pm;
            }
        }
        throw new IllegalArgumentException("unknown package manager \"" + id + "\" (known: apt, dnf, yum, microdnf, zypper, pacman)");
    }

    /** The shell command that refreshes the package lists where the manager needs it. */
    public List<String> refresh() {
        return switch (this) {
            case APT -> List.of("apt-get", "update", "-q");
            case PACMAN -> List.of("pacman", "-Sy", "--noconfirm");
            case ZYPPER -> List.of("zypper", "--non-interactive", "refresh");
            default -> List.of();
        };
    }

    /**
     * Installs packages by name, or package files by absolute path (apt resolves a local
     * .deb's dependencies from the mirror when the path starts with '/' or './').
     */
    public List<String> install(List<String> packagesOrFiles) {
        List<String> cmd = new ArrayList<>(switch (this) {
            case APT -> List.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-q",
                    "--no-install-recommends");
            case DNF -> List.of("dnf", "install", "-y", "--setopt=install_weak_deps=False");
            case YUM -> List.of("yum", "install", "-y");
            case MICRODNF -> List.of("microdnf", "install", "-y");
            case ZYPPER -> List.of("zypper", "--non-interactive", "install", "--no-recommends",
                    "--allow-unsigned-rpm");
            case PACMAN -> List.of("pacman", "-S", "--noconfirm", "--needed");
        });
        cmd.addAll(packagesOrFiles);
        return cmd;
    }

    /**
     * A shell command that drops what installing left behind and an image does not need:
     * the downloaded packages and, for apt, the package lists (as Debian's own container
     * images do; probes refresh them before installing). Without it a provisioned image
     * carries about as much cache as system.
     */
    public String cleanCaches() {
        return switch (this) {
            case APT -> "apt-get clean && rm -rf /var/lib/apt/lists/*";
            case DNF -> "dnf clean all";
            case YUM -> "yum clean all";
            case MICRODNF -> "microdnf clean all";
            case ZYPPER -> "zypper --non-interactive clean --all";
            // pacman -Scc answers its own "remove all?" prompt with no under --noconfirm
            case PACMAN -> "rm -rf /var/cache/pacman/pkg/*";
        };
    }

    /** The package files this manager installs. */
    public String packageFileSuffix() {
        return switch (this) {
            case APT -> ".deb";
            case PACMAN -> ".pkg.tar.zst";
            default -> ".rpm";
        };
    }

    /**
     * The last resort for an .rpm whose dependencies the repositories cannot satisfy, as
     * upstream racker did on SUSE: install it without dependency checks.
     */
    public List<String> installWithoutDependencies(List<String> files) {
        if (packageFileSuffix().equals(".rpm")) {
            List<String> cmd = new ArrayList<>(List.of("rpm", "-i", "--nodeps"));
            cmd.addAll(files);
            return cmd;
        }
        throw new IllegalStateException(id + " has no install-without-dependencies fallback");
    }

    /** What makes an image bootable and probe-ready: systemd as init, and curl. */
    public List<String> bootPackages() {
        return switch (this) {
            case APT -> List.of("systemd", "systemd-sysv", "dbus", "curl", "ca-certificates");
            case PACMAN -> List.of("systemd", "curl");
            case ZYPPER -> List.of("systemd", "systemd-sysvinit", "dbus-1", "curl");
            default -> List.of("systemd", "curl");
        };
    }
}

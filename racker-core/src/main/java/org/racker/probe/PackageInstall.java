package org.racker.probe;

import java.util.ArrayList;
import java.util.List;
import org.racker.InvalidArgumentException;
import org.racker.distro.PackageManager;

/**
 * How package files get installed in a probe's container: apt resolves a .deb's
 * dependencies from the mirror; dnf/yum/microdnf/zypper take .rpm files, with upstream's
 * {@code rpm --nodeps} fallback on SUSE when the repositories cannot satisfy them.
 */
public final class PackageInstall {
    private PackageInstall() { }

    /** Refuses, before anything boots, files this distribution cannot install. */
    public static void checkSuffixes(PackageManager manager, List<String> packages, String image)
            throws InvalidArgumentException {
        for (String p : packages) {
            String path = p.replaceAll("[?#].*$", "");
            if (!path.endsWith(manager.packageFileSuffix())) {
                throw new InvalidArgumentException("cannot install " + p + " on " + image + ": it takes "
                        + manager.packageFileSuffix() + " packages (" + manager.id() + ")");
            }
        }
    }

    /** The shell script that installs {@code files} (paths inside the container). */
    public static String script(PackageManager manager, List<String> files) {
        List<String> lines = new ArrayList<>();
        if (!manager.refresh().isEmpty()) {
            lines.add(String.join(" ", manager.refresh()));
        }
        String install = render(manager.install(files));
        if (manager == PackageManager.ZYPPER) {
            lines.add(install + " || " + render(manager.installWithoutDependencies(files)));
        } else {
            lines.add(install);
        }
        return String.join(" && ", lines);
    }

    /**
     * The shell script that prints "NAME VERSION" for each package file (paths inside the
     * container) and each repository package, as the distribution's package database has it.
     */
    public static String versionsScript(PackageManager manager, List<String> files, List<String> names) {
        List<String> lines = new ArrayList<>();
        switch (manager) {
            case APT -> {
                for (String f : files) {
                    lines.add("dpkg-deb --show --showformat='${Package}\\n' " + render(List.of(f))
                            + " | xargs dpkg-query --show --showformat='${Package} ${Version}\\n'");
                }
                if (!names.isEmpty()) {
                    lines.add("dpkg-query --show --showformat='${Package} ${Version}\\n' " + render(names));
                }
            }
            case PACMAN -> {
                for (String f : files) {
                    lines.add("pacman -Q \"$(pacman -Qp " + render(List.of(f)) + " | cut -d' ' -f1)\"");
                }
                if (!names.isEmpty()) {
                    lines.add("pacman -Q " + render(names));
                }
            }
            default -> {
                String format = "'%{NAME} %{VERSION}-%{RELEASE}\\n'";
                for (String f : files) {
                    lines.add("rpm -q --qf " + format + " \"$(rpm -qp --qf '%{NAME}' " + render(List.of(f)) + ")\"");
                }
                if (!names.isEmpty()) {
                    lines.add("rpm -q --whatprovides --qf " + format + " " + render(names));
                }
            }
        }
        return String.join("; ", lines);
    }

    private static String render(List<String> args) {
        return org.racker.runtime.exec.CommandLines.render(args);
    }
}

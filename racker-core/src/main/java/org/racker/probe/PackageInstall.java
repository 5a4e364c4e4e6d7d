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

    private static String render(List<String> args) {
        return org.racker.runtime.CommandLines.render(args);
    }
}

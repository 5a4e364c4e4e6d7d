package org.racker.matrix;

import java.util.List;
import org.racker.probe.CommandCheck;

/**
 * A probe matrix as its file states it: which curated images (names or globs over the
 * catalogue), which packages (one file for every family, or a .deb and an .rpm for the apt and
 * the dnf/zypper families), which checks, how long each cell may take and on which network.
 * Every image is probed with every package; with no packages, each image is probed bare.
 *
 * @param vm every cell is probed in a QEMU VM of its image instead of a container (its network
 *     then is the VM's own, whatever {@code network} says)
 */
public record MatrixSpec(List<String> images, List<PackageEntry> packages, Checks checks, int timeout,
        String network, boolean vm) {

    /** How long a cell may take when the file does not say, in seconds. */
    public static final int DEFAULT_TIMEOUT = 600;

    public MatrixSpec {
        images = List.copyOf(images);
        packages = List.copyOf(packages);
    }

    /** A matrix probed in containers. */
    public MatrixSpec(List<String> images, List<PackageEntry> packages, Checks checks, int timeout, String network) {
        this(images, packages, checks, timeout, network, false);
    }

    /**
     * A package to install: {@code file} for any family, or {@code deb} and {@code rpm} for the
     * families that install each; a URL (http, https) or a path on the machine running the matrix.
     * Its own checks (its unit, its port) add to the matrix's.
     */
    public record PackageEntry(String name, String file, String deb, String rpm, Checks checks) {
        public PackageEntry(String name, String file, String deb, String rpm) {
            this(name, file, deb, rpm, Checks.none());
        }
    }

    /** What must hold in every cell once its package is installed. */
    public record Checks(List<String> units, List<String> endpoints, List<CommandCheck> commands,
            Integer expectStatus, int networkTimeout) {
        public Checks {
            units = List.copyOf(units);
            endpoints = List.copyOf(endpoints);
            commands = List.copyOf(commands);
        }

        public static Checks none() {
            return new Checks(List.of(), List.of(), List.of(), null, 5);
        }

        /** These checks and then a package's own; its HTTP status and network timeout win where it sets them. */
        public Checks plus(Checks own) {
            return new Checks(concat(units, own.units), concat(endpoints, own.endpoints), concat(commands, own.commands),
                    own.expectStatus != null ? own.expectStatus : expectStatus,
                    own.equals(none()) ? networkTimeout : own.networkTimeout);
        }

        private static <T> List<T> concat(List<T> a, List<T> b) {
            return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
        }
    }
}

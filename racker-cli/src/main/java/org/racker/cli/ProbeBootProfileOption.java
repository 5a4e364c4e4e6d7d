package org.racker.cli;

import org.racker.runtime.boot.BootProfile;
import picocli.CommandLine.Option;

/**
 * The boot profile of postroj's probe containers: the test profile unless the user wants
 * every unit the image enables (a probe of how a package behaves on a full boot).
 */
public final class ProbeBootProfileOption {
    @Option(names = "--no-boot-profile",
            description = "Boot every unit the image enables (by default the units a test never needs are skipped).")
    boolean stock;

    BootProfile resolve() {
        return stock ? BootProfile.STOCK : BootProfile.TEST;
    }
}

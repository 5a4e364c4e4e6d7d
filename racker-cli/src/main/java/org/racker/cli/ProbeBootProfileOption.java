package org.racker.cli;

import org.racker.api.ContainerConfig;

/**
 * The boot profile of postroj's probe containers: the test profile unless the user wants
 * every unit the image enables (a probe of how a package behaves on a full boot).
 */
public final class ProbeBootProfileOption {
    boolean stock;

    CommandModel declareOn(CommandModel command) {
        return command.add(CommandModel.flag(v -> stock = v, "--no-boot-profile")
                .description("Boot every unit the image enables (by default the units a test never needs are"
                        + " skipped)."));
    }

    ContainerConfig.BootProfile resolve() {
        return stock ? ContainerConfig.BootProfile.STOCK : ContainerConfig.BootProfile.TEST;
    }
}

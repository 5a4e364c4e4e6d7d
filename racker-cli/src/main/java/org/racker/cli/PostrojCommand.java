package org.racker.cli;

import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code postroj}: curated distribution images and package probes. Its subcommands
 * (list-images, pull, selftest, pkgprobe, matrix) build on racker's runtime and image store;
 * they are registered by {@link Subcommands#registerPostroj}, only the one named when one is.
 */
public final class PostrojCommand implements Runnable {
    final GlobalOptions global = new GlobalOptions();

    final CommandSpec spec = global.declareOn(CommandModel.of(this, "postroj",
                    "Curated distribution images and as-installed package tests."))
            .versionProvider(new VersionProvider())
            .spec();

    @Override
    public void run() {
        CommandGroups.requireSubcommand(spec);
    }
}

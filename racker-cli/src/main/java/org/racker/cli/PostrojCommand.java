package org.racker.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code postroj}: curated distribution images and package probes. Its subcommands
 * (list-images, pull, selftest, pkgprobe, matrix) build on racker's runtime and image store;
 * they are registered by {@link Subcommands#registerPostroj}, only the one named when one is.
 */
@Command(name = "postroj", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Curated distribution images and as-installed package tests.")
public final class PostrojCommand implements Runnable {
    @Mixin
    GlobalOptions global;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        CommandGroups.requireSubcommand(spec);
    }
}

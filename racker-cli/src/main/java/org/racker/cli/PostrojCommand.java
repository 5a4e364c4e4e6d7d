package org.racker.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code postroj}: curated distribution images and package probes. Its subcommands
 * (list-images, pull, selftest, pkgprobe, matrix) build on racker's runtime and image store.
 */
@Command(name = "postroj", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Curated distribution images and as-installed package tests.",
        subcommands = {ListImagesCommand.class, PostrojPullCommand.class, SelftestCommand.class,
                PkgprobeCommand.class, MatrixCommand.class})
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

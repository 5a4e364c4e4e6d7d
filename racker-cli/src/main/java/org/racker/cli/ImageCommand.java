package org.racker.cli;

import picocli.CommandLine.Command;

/** {@code racker image}: docker's management command for images. */
@Command(name = "image", mixinStandardHelpOptions = true, description = "Manage images.",
        subcommands = {ImageInspectCommand.class, ImagePruneCommand.class},
        footer = {"", "Also, as the commands of the same names: ls (images), list, rm (rmi), remove, pull."})
public final class ImageCommand implements Runnable {
    @picocli.CommandLine.ParentCommand
    RackerCommand parent;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        CommandGroups.requireSubcommand(spec);
    }
}

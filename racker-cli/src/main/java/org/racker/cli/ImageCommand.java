package org.racker.cli;

import picocli.CommandLine.Model.CommandSpec;

/** {@code racker image}: docker's management command for images. */
public final class ImageCommand implements Runnable {
    final RackerCommand parent;
    CommandSpec spec;

    ImageCommand(RackerCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        spec = CommandModel.of(this, "image", "Manage images.")
                .footer("", "Also, as the commands of the same names: ls (images), list, rm (rmi), remove, pull.")
                .subcommand(new ImageInspectCommand(this).model())
                .subcommand(new ImagePruneCommand(this).model())
                .spec();
        return spec;
    }

    @Override
    public void run() {
        CommandGroups.requireSubcommand(spec);
    }
}

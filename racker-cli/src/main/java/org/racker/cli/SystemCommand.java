package org.racker.cli;

import picocli.CommandLine.Model.CommandSpec;

/** {@code racker system}: docker's management command for racker's state as a whole. */
public final class SystemCommand implements Runnable {
    final RackerCommand parent;
    CommandSpec spec;

    SystemCommand(RackerCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        spec = CommandModel.of(this, "system", "Manage racker's state.")
                .footer("", "Also, as the commands of the same names: info.")
                .subcommand(new SystemPruneCommand(this).model())
                .spec();
        return spec;
    }

    @Override
    public void run() {
        CommandGroups.requireSubcommand(spec);
    }
}

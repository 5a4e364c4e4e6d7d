package org.racker.cli;

import picocli.CommandLine.Command;

/** {@code racker system}: docker's management command for racker's state as a whole. */
@Command(name = "system", mixinStandardHelpOptions = true, description = "Manage racker's state.",
        subcommands = {SystemPruneCommand.class},
        footer = {"", "Also, as the commands of the same names: info."})
public final class SystemCommand implements Runnable {
    @picocli.CommandLine.ParentCommand
    RackerCommand parent;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        CommandGroups.requireSubcommand(spec);
    }
}

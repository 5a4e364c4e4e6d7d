package org.racker.cli;

import picocli.CommandLine.Command;

/** {@code racker container}: docker's management command for containers. */
@Command(name = "container", mixinStandardHelpOptions = true, description = "Manage containers.",
        subcommands = {ContainerPruneCommand.class},
        footer = {"", "Also, as the commands of the same names: ls (ps), list, ps, run, exec, stop, kill, rm,"
                + " remove, inspect, logs, cp, wait, port, create, start, restart."})
public final class ContainerCommand implements Runnable {
    @picocli.CommandLine.ParentCommand
    RackerCommand parent;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        CommandGroups.requireSubcommand(spec);
    }
}

package org.racker.cli;

import picocli.CommandLine.Model.CommandSpec;

/** {@code racker container}: docker's management command for containers. */
public final class ContainerCommand implements Runnable {
    final RackerCommand parent;
    private CommandSpec spec;

    ContainerCommand(RackerCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        spec = CommandModel.of(this, "container", "Manage containers.")
                .footer("", "Also, as the commands of the same names: ls (ps), list, ps, run, exec, stop, kill, rm,"
                        + " remove, inspect, logs, cp, wait, port, create, start, restart.")
                .subcommand(new ContainerPruneCommand(this).model())
                .spec();
        return spec;
    }

    @Override
    public void run() {
        CommandGroups.requireSubcommand(spec);
    }
}

package org.racker.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code postroj matrix}: images x packages x checks, on one machine or split over a CI engine's jobs. */
@Command(name = "matrix", mixinStandardHelpOptions = true,
        description = {"Probe every image of a matrix file with every package; split the cells over machines"
                + " with --shard K/N and merge the shards' reports."},
        subcommands = {MatrixListCommand.class, MatrixRunCommand.class, MatrixReportCommand.class})
public final class MatrixCommand implements Runnable {
    @ParentCommand
    PostrojCommand parent;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        CommandGroups.requireSubcommand(spec);
    }
}

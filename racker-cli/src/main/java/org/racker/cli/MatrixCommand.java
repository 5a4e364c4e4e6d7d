package org.racker.cli;

import picocli.CommandLine.Model.CommandSpec;

/** {@code postroj matrix}: images x packages x checks, on one machine or split over a CI engine's jobs. */
public final class MatrixCommand implements Runnable {
    final PostrojCommand parent;
    CommandSpec spec;

    MatrixCommand(PostrojCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        spec = CommandModel.of(this, "matrix", "Probe every image of a matrix file with every package; split the cells"
                        + " over machines with --shard K/N and merge the shards' reports.")
                .subcommand(new MatrixListCommand(this).model())
                .subcommand(new MatrixRunCommand(this).model())
                .subcommand(new MatrixReportCommand(this).model())
                .spec();
        return spec;
    }

    @Override
    public void run() {
        CommandGroups.requireSubcommand(spec);
    }
}

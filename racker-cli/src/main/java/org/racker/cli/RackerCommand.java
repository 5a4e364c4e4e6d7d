package org.racker.cli;

import picocli.CommandLine.Model.CommandSpec;

/** {@code racker}: a docker-compatible command line for systemd-nspawn OS containers. */
public final class RackerCommand implements Runnable {
    /** Nanotime when racker's main began: the origin of --debug timestamps. */
    final long startNanos = System.nanoTime();

    final GlobalOptions global = new GlobalOptions();

    final CommandSpec spec = global.declareOn(CommandModel.of(this, "racker",
                    "Run throw-away operating system containers with systemd-nspawn."))
            .versionProvider(new VersionProvider())
            .footer("", "Exit status: the command's own in `run`; 125 when racker fails, 126 when the command"
                    + " cannot be invoked, 127 when it is not found.")
            .spec();

    @Override
    public void run() {
        CommandGroups.requireSubcommand(spec);
    }
}

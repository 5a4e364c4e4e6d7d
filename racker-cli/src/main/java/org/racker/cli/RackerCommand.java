package org.racker.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code racker}: a docker-compatible command line for systemd-nspawn OS containers. */
@Command(name = "racker", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Run throw-away operating system containers with systemd-nspawn.",
        footer = {"", "Exit status: the command's own in `run`; 125 when racker fails, 126 when the command"
                + " cannot be invoked, 127 when it is not found."})
public final class RackerCommand implements Runnable {
    /** Nanotime when racker's main began: the origin of --debug timestamps. */
    final long startNanos = System.nanoTime();

    @Mixin
    GlobalOptions global;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        CommandGroups.requireSubcommand(spec);
    }
}

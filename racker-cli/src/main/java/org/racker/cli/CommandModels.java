package org.racker.cli;

import picocli.CommandLine;

/**
 * The whole command models of racker, postroj and autopkgtest-virt-racker, every subcommand registered, for what is
 * made from them (completion scripts, man pages) rather than run.
 */
final class CommandModels {
    private CommandModels() { }

    static CommandLine racker() {
        CommandLine racker = new CommandLine(new RackerCommand());
        Subcommands.register(racker, new String[0]);
        return racker;
    }

    static CommandLine postroj() {
        CommandLine postroj = new CommandLine(new PostrojCommand());
        Subcommands.registerPostroj(postroj, new String[0]);
        return postroj;
    }

    static CommandLine autopkgtestVirt() {
        return new CommandLine(new AutopkgtestVirtCommand());
    }
}

package org.racker.cli;

import picocli.CommandLine;

/**
 * The whole command models of racker, postroj and autopkgtest-virt-racker, every subcommand registered, for what is
 * made from them (completion scripts, man pages) rather than run.
 */
final class CommandModels {
    private CommandModels() { }

    static CommandLine racker() {
        return Subcommands.racker(new RackerCommand(), new String[0]);
    }

    static CommandLine postroj() {
        return Subcommands.postroj(new PostrojCommand(), new String[0]);
    }

    static CommandLine autopkgtestVirt() {
        return new CommandLine(new AutopkgtestVirtCommand().spec);
    }
}

package org.racker.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** What a command that only groups others (racker, postroj, image, matrix) does when called alone. */
final class CommandGroups {
    private CommandGroups() { }

    /** Shows the group's usage and fails as a parse error does (exit 125). */
    static void requireSubcommand(CommandSpec spec) {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new ParameterException(spec.commandLine(), "a command is needed");
    }
}

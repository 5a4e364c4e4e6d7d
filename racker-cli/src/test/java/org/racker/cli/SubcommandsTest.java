package org.racker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SubcommandsTest {
    @Test
    void findsTheSubcommandPastGlobalOptions() {
        assertThat(Subcommands.subcommandName(new String[] {"run", "--rm", "x"})).isEqualTo("run");
        assertThat(Subcommands.subcommandName(new String[] {"--root", "/tmp/r", "--verbose", "ps", "-a"})).isEqualTo("ps");
        assertThat(Subcommands.subcommandName(new String[] {"--root=/tmp/r", "info"})).isEqualTo("info");
        assertThat(Subcommands.subcommandName(new String[] {"--version"})).isNull();
    }
}

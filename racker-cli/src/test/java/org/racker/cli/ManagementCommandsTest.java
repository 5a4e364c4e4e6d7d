package org.racker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ManagementCommandsTest {
    @Test
    void containerAndImageSubcommandsBecomeTheFlatCommands() {
        assertThat(ManagementCommands.flatten(new String[] {"container", "ls", "-a"})).containsExactly("ps", "-a");
        assertThat(ManagementCommands.flatten(new String[] {"--root", "/s", "container", "rm", "-f", "x"}))
                .containsExactly("--root", "/s", "rm", "-f", "x");
        assertThat(ManagementCommands.flatten(new String[] {"image", "rm", "alpine"})).containsExactly("rmi", "alpine");
        assertThat(ManagementCommands.flatten(new String[] {"image", "ls"})).containsExactly("images");
        assertThat(ManagementCommands.flatten(new String[] {"system", "info"})).containsExactly("info");
        assertThat(ManagementCommands.flatten(new String[] {"container", "exec", "c", "container", "ls"}))
                .as("only the command's own words").containsExactly("exec", "c", "container", "ls");
    }

    @Test
    void whatHasNoFlatFormIsLeftToTheGroup() {
        String[][] kept = {{"container", "prune", "-f"}, {"image", "inspect", "x"}, {"image", "prune", "-a"},
                {"system", "prune", "-f"}, {"container"},
                {"container", "--help"}, {"run", "image", "ls"}, {"--root", "container", "ps"}};
        for (String[] args : kept) {
            assertThat(ManagementCommands.flatten(args)).isEqualTo(args);
        }
    }

    @Test
    void sizesInDockersDecimalUnits() {
        assertThat(Sizes.human(0)).isEqualTo("0B");
        assertThat(Sizes.human(999)).isEqualTo("999B");
        assertThat(Sizes.human(1000)).isEqualTo("1kB");
        assertThat(Sizes.human(1234)).isEqualTo("1.234kB");
        assertThat(Sizes.human(45_300_000)).isEqualTo("45.3MB");
        assertThat(Sizes.human(1_999_999_999)).isEqualTo("2GB");
    }
}

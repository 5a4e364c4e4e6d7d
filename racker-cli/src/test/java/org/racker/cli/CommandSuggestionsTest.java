package org.racker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandSuggestionsTest {
    static final List<String> COMMANDS = List.of("run", "rm", "rmi", "ps", "stop", "start", "images", "image",
            "inspect", "exec", "logs", "login", "logout");

    @Test
    void nearMissesAreSuggestedClosestFirst() {
        assertThat(CommandSuggestions.near("rn", COMMANDS)).containsExactly("rm", "run");
        assertThat(CommandSuggestions.near("stp", COMMANDS)).containsExactly("stop");
        assertThat(CommandSuggestions.near("inspetc", COMMANDS)).containsExactly("inspect");
        assertThat(CommandSuggestions.near("log", COMMANDS)).containsExactly("logs", "login", "logout");
        assertThat(CommandSuggestions.near("xyzzy", COMMANDS)).isEmpty();
        assertThat(CommandSuggestions.distance("rn", "nr")).isEqualTo(1);
    }

    @Test
    void anUnknownCommandIsOneLineWithTheSuggestion() {
        StringWriter err = new StringWriter();
        int code = RackerMain.execute(new String[] {"imgaes"}, new PrintWriter(new StringWriter()),
                new PrintWriter(err));
        assertThat(code).isEqualTo(125);
        assertThat(err.toString()).isEqualTo("racker: 'imgaes' is not a racker command. Did you mean images or image?\n"
                + "See 'racker --help'.\n");
    }
}

package org.racker.runtime.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.racker.InvalidArgumentException;

class EnvironmentVariableTest {
    private static final Map<String, String> HOST = Map.of("HOST_VAR", "from-host");

    @Test
    void nameAndValue() throws Exception {
        assertThat(EnvironmentVariable.parse("FOO=bar=baz", HOST)).contains(new EnvironmentVariable("FOO", "bar=baz"));
        assertThat(EnvironmentVariable.parse("EMPTY=", HOST)).contains(new EnvironmentVariable("EMPTY", ""));
    }

    @Test
    void nameAloneTakesTheHostValueOrNothing() throws Exception {
        assertThat(EnvironmentVariable.parse("HOST_VAR", HOST)).contains(new EnvironmentVariable("HOST_VAR", "from-host"));
        assertThat(EnvironmentVariable.parse("NOT_ON_HOST", HOST)).isEqualTo(Optional.empty());
    }

    @Test
    void namesDockerAcceptsButShellsDoNot() throws Exception {
        EnvironmentVariable v = EnvironmentVariable.parse("we.ird-na_me=x", HOST).orElseThrow();
        assertThat(v.name()).isEqualTo("we.ird-na_me");
        assertThat(v.isPortableName()).isFalse();
        assertThat(new EnvironmentVariable("_OK_1", "").isPortableName()).isTrue();
        assertThat(new EnvironmentVariable("1BAD", "").isPortableName()).isFalse();
    }

    @Test
    void emptyNameIsRefused() {
        assertThatThrownBy(() -> EnvironmentVariable.parse("=value", HOST)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("name is empty");
    }

    @Test
    @Tag("security")
    void controlCharactersInANameAreRefusedInOneLine() throws Exception {
        for (String bad : new String[] {"A\u0000B=x", "A\nB=x", "A\u001bB=x"}) {
            assertThatThrownBy(() -> EnvironmentVariable.parse(bad, HOST)).isInstanceOf(InvalidArgumentException.class)
                    .message().doesNotContainPattern("\\p{Cntrl}");
        }
        assertThat(EnvironmentVariable.parse("A=two\nlines", HOST)).map(EnvironmentVariable::value).contains("two\nlines");
    }
}

package org.racker.runtime.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.InvalidArgumentException;

class EnvironmentFileTest {
    @TempDir
    Path dir;

    @Test
    void linesReadAsDockerReadsThem() throws Exception {
        Path file = Files.writeString(dir.resolve("env"), """
                # a comment
                A=1

                  B=two words = and more
                QUOTED="kept as is"
                EMPTY=
                FROM_HOST
                """);
        assertThat(EnvironmentFile.entries(file)).containsExactly("A=1", "B=two words = and more",
                "QUOTED=\"kept as is\"", "EMPTY=", "FROM_HOST");
    }

    @Test
    void aBadLineOrFileIsNamed() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad"), "A=1\nBAD NAME=x\n");
        assertThatThrownBy(() -> EnvironmentFile.entries(bad)).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("--env-file " + bad + " line 2: \"BAD NAME\" is not a variable name (NAME=VALUE or NAME)");
        assertThatThrownBy(() -> EnvironmentFile.entries(dir.resolve("none")))
                .hasMessage("--env-file " + dir.resolve("none") + " does not exist");
        Path binary = Files.write(dir.resolve("bin"), new byte[] {(byte) 0xff, (byte) 0xfe, 'A'});
        assertThatThrownBy(() -> EnvironmentFile.entries(binary)).hasMessageContaining("is not UTF-8 text");
    }
}

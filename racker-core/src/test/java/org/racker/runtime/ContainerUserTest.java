package org.racker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.InvalidArgumentException;

class ContainerUserTest {
    @TempDir
    Path root;

    @BeforeEach
    void files() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n# comment\n"
                + "app:x:1000:1001:App:/home/app:/bin/sh\nbroken line\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\nstaff:x:50:app\n");
    }

    @Test
    void resolvesNamesAndNumbersFromTheContainersOwnFiles() throws Exception {
        assertThat(ContainerUser.resolve(root, "app")).isEqualTo(new ContainerUser(1000, 1001, "/home/app"));
        assertThat(ContainerUser.resolve(root, "1000")).isEqualTo(new ContainerUser(1000, 1001, "/home/app"));
        assertThat(ContainerUser.resolve(root, "app:staff")).isEqualTo(new ContainerUser(1000, 50, "/home/app"));
        assertThat(ContainerUser.resolve(root, "4242:7")).isEqualTo(new ContainerUser(4242, 7, "/"));
    }

    @Test
    void unknownNamesAreClearErrors() {
        assertThatThrownBy(() -> ContainerUser.resolve(root, "nobody")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("no user \"nobody\"");
        assertThatThrownBy(() -> ContainerUser.resolve(root, "app:wheel")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("no group \"wheel\"");
    }

    @Test
    void anEtcPasswdLinkingOutOfTheRootIsNotFollowedToTheHost() throws Exception {
        Files.delete(root.resolve("etc/passwd"));
        Files.createSymbolicLink(root.resolve("etc/passwd"), Path.of("/etc/passwd"));
        // the host has root; resolved inside the root the link points to root/etc/passwd: itself, a loop
        assertThatThrownBy(() -> ContainerUser.resolve(root, "root")).isInstanceOf(InvalidArgumentException.class);
    }
}

package org.racker.runtime.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.racker.NoSuchUserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        assertThat(ContainerUser.resolve(root, "app")).isEqualTo(new ContainerUser(1000, 1001, "/home/app", true));
        assertThat(ContainerUser.resolve(root, "1000")).isEqualTo(new ContainerUser(1000, 1001, "/home/app", true));
        assertThat(ContainerUser.resolve(root, "app:staff")).isEqualTo(new ContainerUser(1000, 50, "/home/app", true));
        assertThat(ContainerUser.resolve(root, "4242:7")).isEqualTo(new ContainerUser(4242, 7, "/", false));
        assertThat(ContainerUser.resolve(root, "app:7").listed()).as("a group the files lack").isFalse();
        assertThat(ContainerUser.resolve(root, "1000:50").listed()).isTrue();
    }

    @Test
    void unknownNamesAreClearErrors() {
        assertThatThrownBy(() -> ContainerUser.resolve(root, "nobody")).isInstanceOf(NoSuchUserException.class)
                .hasMessage("unable to find user nobody: no matching entries in passwd file");
        assertThatThrownBy(() -> ContainerUser.resolve(root, "app:wheel")).isInstanceOf(NoSuchUserException.class)
                .hasMessage("unable to find group wheel: no matching entries in group file");
    }

    @Test
    void anEtcPasswdLinkingOutOfTheRootIsNotFollowedToTheHost() throws Exception {
        Files.delete(root.resolve("etc/passwd"));
        Files.createSymbolicLink(root.resolve("etc/passwd"), Path.of("/etc/passwd"));
        // the host has root; resolved inside the root the link points to root/etc/passwd: itself, a loop
        assertThatThrownBy(() -> ContainerUser.resolve(root, "root")).isInstanceOf(NoSuchUserException.class);
    }

    @Test
    @org.junit.jupiter.api.Tag("security")
    void aRelativeSymlinkClimbingOutOfTheRootStaysInside() throws Exception {
        Files.delete(root.resolve("etc/passwd"));
        Files.createDirectories(root.resolve("elsewhere"));
        Files.writeString(root.resolve("elsewhere/passwd"), "inside:x:7:7::/:/bin/sh\n");
        // ../../../../elsewhere from /etc climbs no higher than the container's root
        Files.createSymbolicLink(root.resolve("etc/passwd"), Path.of("../../../../elsewhere/passwd"));
        assertThat(ContainerUser.resolve(root, "inside")).isEqualTo(new ContainerUser(7, 7, "/", true));
        assertThatThrownBy(() -> ContainerUser.resolve(root, "root")).isInstanceOf(NoSuchUserException.class);
    }

    @Test
    @org.junit.jupiter.api.Tag("security")
    void aNameWithControlCharactersIsReportedInOneLine() {
        assertThatThrownBy(() -> ContainerUser.resolve(root, "a\nb")).isInstanceOf(NoSuchUserException.class)
                .message().doesNotContain("\n");
    }
}

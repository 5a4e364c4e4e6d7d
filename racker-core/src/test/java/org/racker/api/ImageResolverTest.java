package org.racker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.InvalidArgumentException;

class ImageResolverTest {
    @TempDir
    Path stateRoot;

    private final List<String> notices = new ArrayList<>();

    private Racker racker() {
        return Racker.builder().root(stateRoot).notices(notices::add).build();
    }

    @Test
    void directoryIsUsedAsItIsWithoutDefaults(@TempDir Path rootfs) throws Exception {
        ResolvedImage resolved = racker().resolve(Image.directory(rootfs), PullPolicy.ALWAYS);

        assertThat(resolved.rootfs()).isEqualTo(rootfs.toAbsolutePath().normalize());
        assertThat(resolved.defaults()).isEqualTo(ImageDefaults.NONE);
        assertThat(notices).isEmpty();
    }

    @Test
    void missingDirectoryIsRefused() {
        assertThatThrownBy(() -> racker().resolve(Image.directory(stateRoot.resolve("nothing")), PullPolicy.MISSING))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("no such root directory");
    }

    @Test
    void referenceNotInTheStoreWithPullNeverIsRefused() {
        assertThatThrownBy(() -> racker().resolve(Image.named("registry.invalid/some/image:1"), PullPolicy.NEVER))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("--pull=never");
        assertThat(notices).isEmpty();
    }

    @Test
    void curatedNameNotPulledWithPullNeverIsRefused() {
        assertThatThrownBy(() -> racker().resolve(Image.named("debian-bookworm"), PullPolicy.NEVER))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("postroj pull debian-bookworm");
    }

    @Test
    void parseTellsPathsFromNames() {
        assertThat(Image.parse("./root").directory()).isEqualTo(Path.of("./root"));
        assertThat(Image.parse("/srv/root").directory()).isEqualTo(Path.of("/srv/root"));
        assertThat(Image.parse("debian:bookworm").name()).isEqualTo("debian:bookworm");
    }
}

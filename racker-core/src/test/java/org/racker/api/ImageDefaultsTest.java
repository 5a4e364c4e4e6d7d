package org.racker.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.racker.image.json.ImageConfig;

/** Docker's rules for Entrypoint, Cmd, Env, WorkingDir and User. */
class ImageDefaultsTest {
    static ImageDefaults defaults(List<String> entrypoint, List<String> cmd) {
        ImageConfig.ContainerConfig c = new ImageConfig.ContainerConfig("app", null, List.of("PATH=/usr/bin", "A=b=c"),
                entrypoint, cmd, null, "/srv", null, null);
        return ImageDefaults.of(new ImageConfig(null, null, "amd64", "linux", null, c, null, List.of()));
    }

    @Test
    void cmdIsTheDefaultAndArgumentsReplaceIt() {
        ImageDefaults d = defaults(null, List.of("bash"));
        assertThat(d.command(null, List.of())).containsExactly("bash");
        assertThat(d.command(null, List.of("ls", "-l"))).containsExactly("ls", "-l");
    }

    @Test
    void entrypointStaysAndTakesCmdOrArguments() {
        ImageDefaults d = defaults(List.of("/entry.sh"), List.of("--default"));
        assertThat(d.command(null, List.of())).containsExactly("/entry.sh", "--default");
        assertThat(d.command(null, List.of("--mine"))).containsExactly("/entry.sh", "--mine");
    }

    @Test
    void entrypointOverrideDropsCmd() {
        ImageDefaults d = defaults(List.of("/entry.sh"), List.of("--default"));
        assertThat(d.command("/bin/sh", List.of())).containsExactly("/bin/sh");
        assertThat(d.command("", List.of("true"))).containsExactly("true");
    }

    @Test
    void environmentWorkdirAndUserComeFromTheConfig() {
        ImageDefaults d = defaults(null, null);
        assertThat(d.environment()).containsExactly(java.util.Map.entry("PATH", "/usr/bin"),
                java.util.Map.entry("A", "b=c"));
        assertThat(d.workingDirectory()).isEqualTo("/srv");
        assertThat(d.user()).isEqualTo("app");
        assertThat(ImageDefaults.NONE.command(null, List.of())).isEmpty();
    }

    @Test
    void exposedPortsAreKeptSortedForPublishAll() {
        ImageConfig.ContainerConfig c = new ImageConfig.ContainerConfig(null,
                java.util.Map.of("8080/tcp", java.util.Map.of(), "53/udp", java.util.Map.of()), null, null, null, null,
                null, null, null);
        assertThat(ImageDefaults.of(new ImageConfig(null, null, "amd64", "linux", null, c, null, List.of())).exposedPorts())
                .containsExactly("53/udp", "8080/tcp");
        assertThat(defaults(null, null).exposedPorts()).isEmpty();
    }
}

package org.racker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.InvalidArgumentException;

/**
 * What {@link Runs} refuses before anything runs or is pulled, and the values run's options
 * parse into; no container is started.
 */
class RunsTest {
    @TempDir
    Path stateRoot;

    @TempDir
    Path rootfs;

    private Runs runs() {
        return Racker.withRoot(stateRoot).runs();
    }

    private RunOptions.Builder options() {
        return RunOptions.builder().rootfs(rootfs).command(List.of("true"));
    }

    @Test
    void vmOptionsWithoutAVmAreRefused() {
        assertThatThrownBy(() -> runs().run(options().memory("1g").build()))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("--memory and --cpus size a VM: add --vm");
        assertThatThrownBy(() -> runs().runDetached(options().disk(rootfs.resolve("disk.qcow2")).build()))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("--disk boots a VM: add --vm");
    }

    @Test
    void aDetachedRunWithInputNeedsATerminal() {
        assertThatThrownBy(() -> runs().runDetached(options().interactive(true).build()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("-d -i needs -t in racker");
        assertThatThrownBy(() -> runs().runDetached(options().vm(true).tty(true).build()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("-d cannot be combined with -i or -t: use racker exec -i later");
    }

    @Test
    void createRefusesAVmAndATerminal() {
        assertThatThrownBy(() -> runs().create(options().vm(true).build()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("create --vm is not supported yet");
        assertThatThrownBy(() -> runs().create(options().tty(true).build()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith("racker start does not attach a terminal yet");
    }

    @Test
    void optionsInDockersSyntaxAreCheckedBeforeAContainerIsMade() throws Exception {
        assertThatThrownBy(() -> runs().create(RunOptions.builder().build()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("no image given");
        assertThatThrownBy(() -> runs().create(options().labels(List.of("=v")).build()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("invalid label \"=v\"");
        assertThatThrownBy(() -> runs().create(options().workingDirectory("relative").build()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("the working directory must be absolute: relative");
        assertThatThrownBy(() -> runs().create(options().ports(List.of("not-a-port")).build()))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> runs().create(options().volumes(List.of(rootfs.resolve("missing") + ":/x")).build()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageEndingWith("does not exist; create it first");
        assertThatThrownBy(() -> runs().create(options().bootTimeout(java.time.Duration.ZERO).build()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("--boot-timeout must be positive and --stop-timeout not negative");
        assertThat(Files.exists(stateRoot.resolve("containers"))
                ? Files.list(stateRoot.resolve("containers")).toList() : List.of()).isEmpty();
    }

    @Test
    void everyOptionIsCheckedBeforeTheImageIsLookedUp() throws Exception {
        // with --pull never, an image looked up first would fail as not found instead
        RunOptions.Builder missingImage = RunOptions.builder().image(Image.parse("racker-test/no-such-image"))
                .pullPolicy(PullPolicy.NEVER).command(List.of("true"));
        assertThatThrownBy(() -> runs().create(missingImage.volumes(List.of(rootfs.resolve("missing") + ":/x")).build()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageEndingWith("does not exist; create it first");
        assertThatThrownBy(() -> runs().create(missingImage.volumes(List.of()).labels(List.of("=v")).build()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("invalid label");
        assertThatThrownBy(() -> runs().create(missingImage.labels(List.of())
                .environmentFiles(List.of(rootfs.resolve("no-such.env"))).build()))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> runs().create(missingImage.environmentFiles(List.of())
                .securityOptions(List.of("apparmor=unconfined")).build()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("unsupported --security-opt");
        assertThatThrownBy(() -> runs().create(missingImage.securityOptions(List.of()).build()))
                .as("all options good: the image's lookup fails").isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("is not in the store and --pull=never was given");
    }

    @Test
    void securityOptionsTakeSeccompUnconfinedAndRefuseTheRest() throws Exception {
        assertThat(SecurityOptions.parse(List.of()).systemCallFilter()).isTrue();
        assertThat(SecurityOptions.parse(List.of("seccomp=unconfined")).systemCallFilter()).isFalse();
        assertThat(SecurityOptions.parse(List.of("seccomp:unconfined")).systemCallFilter()).as("docker's older spelling")
                .isFalse();
        assertThatThrownBy(() -> SecurityOptions.parse(List.of("seccomp=/etc/profile.json")))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("cannot load a seccomp profile (\"seccomp=/etc/profile.json\"): nspawn's own filter applies,"
                        + " or none with --security-opt seccomp=unconfined");
        assertThatThrownBy(() -> SecurityOptions.parse(List.of("no-new-privileges")))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("unsupported --security-opt \"no-new-privileges\": racker takes seccomp=unconfined"
                        + " (nspawn's system call filter off)");
        assertThatThrownBy(() -> runs().run(options().vm(true).securityOptions(List.of("seccomp=unconfined")).build()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("--security-opt confines a container");
    }

    @Test
    void runsOptionValuesParseAsTheCommandLineSpellsThem() throws Exception {
        assertThat(ContainerConfig.Mode.parse("app")).isEqualTo(ContainerConfig.Mode.APP);
        assertThatThrownBy(() -> ContainerConfig.Mode.parse("weird")).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid --mode \"weird\": use auto, boot or app");
        assertThat(ContainerConfig.Network.parse("slirp4netns")).isEqualTo(ContainerConfig.Network.PRIVATE);
        assertThat(ContainerConfig.Network.parse("NONE")).isEqualTo(ContainerConfig.Network.NONE);
        assertThatThrownBy(() -> ContainerConfig.Network.parse("bridge")).isInstanceOf(InvalidArgumentException.class);
        assertThat(ContainerConfig.BootProfile.parse("test")).isEqualTo(ContainerConfig.BootProfile.TEST);
        assertThatThrownBy(() -> ContainerConfig.BootProfile.parse("fast")).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void signalsAreNamedAsKillNamesThem() throws Exception {
        assertThat(Signal.parse("sigterm")).isEqualTo(Signal.TERM);
        assertThat(Signal.parse("9")).isEqualTo(Signal.KILL);
        assertThat(Signal.parse("RTMIN+3").number()).isEqualTo(37);
        assertThat(Signal.parse("RTMIN+3")).hasToString("SIGRTMIN+3");
        assertThatThrownBy(() -> Signal.parse("NOPE")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith("invalid signal \"NOPE\"");
        assertThatThrownBy(() -> new Signal(65)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCommandTakesVariablesAsDockersDashE() throws Exception {
        String path = System.getenv("PATH");
        Command c = Command.of("true").withEnvEntry("A=1").withEnvEntry("PATH").withEnvEntry("RACKER_UNSET_" + 42)
                .withEnvEntry("A=2");
        assertThat(c.environment()).containsExactly(java.util.Map.entry("PATH", path), java.util.Map.entry("A", "2"));
        assertThatThrownBy(() -> Command.of("true").withEnvEntry("=x")).isInstanceOf(InvalidArgumentException.class);
    }
}

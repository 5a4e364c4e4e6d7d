package org.racker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.NoSuchContainerException;
import org.racker.testing.Leaks;
import org.racker.testing.TestRootfs;

/**
 * {@link Runs} and the lifecycle of {@link Containers} by name against real containers, as
 * the commands use them: a detached boot stopped, started, restarted and killed; a created
 * app container started in the foreground; a foreground run.
 */
@Tag("integration")
class LifecycleIT {
    @TempDir
    Path stateRoot;

    @Test
    void aDetachedContainerStopsStartsRestartsAndIsKilledByName() throws Exception {
        Racker racker = Racker.withRoot(stateRoot);
        Containers containers = racker.containers();
        String id = racker.runs().runDetached(RunOptions.builder().rootfs(TestRootfs.bookworm()).name("lifecycle-it")
                .bootProfile(ContainerConfig.BootProfile.TEST).build());
        try {
            assertThat(id).isNotBlank();
            assertThat(containers.execInheritingIo("lifecycle-it", Command.of("sh", "-c", "exit 3"))).isEqualTo(3);

            containers.stop("lifecycle-it", Duration.ofSeconds(30), null);
            assertThat(containers.awaitExit("lifecycle-it")).as("a poweroff's status").isZero();

            containers.start("lifecycle-it");
            assertThat(containers.execInheritingIo(id, Command.of("true"))).as("running again").isZero();

            containers.restart("lifecycle-it", Duration.ofSeconds(30));
            assertThat(containers.execInheritingIo("lifecycle-it", Command.of("true"))).isZero();

            containers.kill("lifecycle-it", Signal.KILL);
            assertThat(containers.awaitExit("lifecycle-it")).isEqualTo(137);
        } finally {
            racker.attach(id).close();
        }
        assertThatThrownBy(() -> containers.stop("lifecycle-it", Duration.ofSeconds(1), null))
                .isInstanceOf(NoSuchContainerException.class).hasMessage("No such container: lifecycle-it");
        assertThat(Leaks.under(stateRoot)).isEmpty();
    }

    @Test
    void aCreatedAppContainerRunsInTheForegroundWhenStartedAttached() throws Exception {
        Racker racker = Racker.withRoot(stateRoot);
        RunOptions options = RunOptions.builder().rootfs(TestRootfs.busybox()).mode(ContainerConfig.Mode.APP)
                .command(List.of("sh", "-c", "exit 7")).build();
        String id = racker.runs().create(options);
        try {
            assertThat(racker.containers().startAttached(id, false)).isEqualTo(7);
            assertThat(racker.containers().awaitExit(id)).isEqualTo(7);
        } finally {
            racker.attach(id).close();
        }
        assertThat(racker.runs().run(RunOptions.builder().rootfs(TestRootfs.busybox()).mode(ContainerConfig.Mode.APP)
                .remove(true).command(List.of("sh", "-c", "exit 5")).build())).isEqualTo(5);
        assertThat(Leaks.under(stateRoot)).isEmpty();
    }
}

package org.racker.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.testing.Leaks;
import org.racker.testing.TestRootfs;

/**
 * A container belongs to the JVM, not to the thread that started it: thread pools (JUnit's
 * parallel execution among them) end idle threads while the containers they started live on.
 */
@Tag("integration")
class StartingThreadIT {
    @TempDir
    Path stateRoot;

    @Test
    void containerOutlivesTheThreadThatStartedIt() throws Exception {
        AtomicReference<Container> started = new AtomicReference<>();
        AtomicReference<Exception> failed = new AtomicReference<>();
        Thread starter = new Thread(() -> {
            try {
                started.set(Racker.withRoot(stateRoot).start(ContainerConfig.builder(Image.directory(TestRootfs.bookworm()))
                        .bootProfile(ContainerConfig.BootProfile.TEST).build()));
            } catch (Exception e) {
                failed.set(e);
            }
        });
        starter.start();
        starter.join();
        assertThat(failed.get()).isNull();
        try (Container c = started.get()) {
            // the container would get its parent-death signal as soon as the thread ended: give
            // a poweroff the time it takes (about 0.15 s) before asking
            long deadline = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < deadline && c.isRunning()) {
                Thread.sleep(50);
            }
            assertThat(c.isRunning()).isTrue();
            assertThat(c.exec("true").exitCode()).isZero();
        }
        assertThat(Leaks.under(stateRoot)).isEmpty();
    }
}

package org.racker.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lifeline with real processes: what slirp4netns relies on to end with nspawn. */
class ContainerLifelineTest {
    @TempDir
    Path state;

    @Test
    void isAFifoInTheStateDirectory() throws Exception {
        ContainerLifeline lifeline = ContainerLifeline.create(state);
        assertThat(lifeline.path()).isEqualTo(state.resolve("lifeline.fifo"));
        assertThat(Files.readAttributes(lifeline.path(), BasicFileAttributes.class).isOther()).isTrue();
        lifeline.unlink();
        assertThat(lifeline.path()).doesNotExist();
    }

    @Test
    void theHoldersCommandRunsWithTheFifoOpenAsFd3() throws Exception {
        ContainerLifeline lifeline = ContainerLifeline.create(state);
        Process holder = new ProcessBuilder(lifeline.heldOpenBy(List.of("/bin/sh", "-c", "readlink /proc/$$/fd/3")))
                .start();
        assertThat(new String(holder.getInputStream().readAllBytes()).strip()).isEqualTo(lifeline.path().toString());
        assertThat(holder.waitFor()).isZero();
    }

    @Test
    void aReaderSeesTheEndWhenTheHolderIsKilled() throws Exception {
        ContainerLifeline lifeline = ContainerLifeline.create(state);
        Process holder = new ProcessBuilder(lifeline.heldOpenBy(List.of("sleep", "60"))).start();
        try (InputStream reader = new FileInputStream(lifeline.path().toFile())) {
            lifeline.unlink(); // both ends open: the name is not needed any more
            long t0 = System.nanoTime();
            holder.destroyForcibly();
            assertThat(reader.read()).isEqualTo(-1);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5000);
        } finally {
            holder.destroyForcibly();
        }
    }
}

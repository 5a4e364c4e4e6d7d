package org.racker.runtime.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerLogsTest {
    @TempDir
    Path dir;

    String copy(Integer tail) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ContainerLogs(dir).copyConsole(out, tail, null);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void copiesTheConsoleWithoutNspawnsOwnMessages() throws Exception {
        Files.writeString(dir.resolve("console.log"), "one\nTrying to halt container. Send SIGTERM again to trigger"
                + " immediate termination.\ntwo\nAttempted to remove disk file system under"
                + " \"/run/systemd/nspawn/propagate/x\", and we can't allow that.\nthree");
        assertThat(copy(null)).isEqualTo("one\ntwo\nthree");
        assertThat(copy(1)).isEqualTo("three");
        assertThat(copy(0)).isEmpty();
        Files.writeString(dir.resolve("console.log"), "last words\nTrying to halt container. Send SIGTERM again to"
                + " trigger immediate termination.\n");
        assertThat(copy(1)).as("nspawn's closing line is not the container's last").isEqualTo("last words\n");
    }

    @Test
    void noConsoleIsNoOutput() throws Exception {
        assertThat(copy(null)).isEmpty();
        assertThat(new ContainerLogs(dir).hasJournal()).isFalse();
    }

    @Test
    void followsWhatIsAppendedUntilTheContainerStops() throws Exception {
        Path console = dir.resolve("console.log");
        Files.writeString(console, "first\n");
        AtomicInteger polls = new AtomicInteger();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ContainerLogs(dir).copyConsole(out, null, () -> {
            if (polls.incrementAndGet() == 2) {
                try {
                    Files.writeString(console, "second\n", java.nio.file.StandardOpenOption.APPEND);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return polls.get() < 4;
        });
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("first\nsecond\n");
    }
}

package org.racker.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervising shell, run for real around ordinary commands in place of nspawn. */
class DetachedSupervisorTest {
    @TempDir
    Path dir;

    Process supervise(String... command) throws Exception {
        List<String> args = DetachedSupervisor.wrap(List.of(command), null, dir);
        return new ProcessBuilder(args).start();
    }

    @Test
    void keepsTheExitStatusOfWhatItRuns() throws Exception {
        assertThat(DetachedSupervisor.exitStatus(dir)).isEmpty();
        Process p = supervise("sh", "-c", "exit 7");
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(DetachedSupervisor.exitStatus(dir)).hasValue(7);
        assertThat(DetachedSupervisor.exitTime(dir)).isPresent();
    }

    @Test
    void passesSigtermOnAndWaitsForTheEnd() throws Exception {
        Path marker = dir.resolve("got-term");
        Process p = supervise("sh", "-c", "trap 'touch " + marker + "; exit 5' TERM; echo up; while :; do sleep 0.05; done");
        assertThat(new String(p.getInputStream().readNBytes(3))).isEqualTo("up\n");
        p.destroy();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(marker).exists();
        assertThat(DetachedSupervisor.exitStatus(dir)).hasValue(5);
    }

    @Test
    void anUnreadableStatusIsNone() throws Exception {
        Files.writeString(dir.resolve(DetachedSupervisor.EXIT_FILE), "");
        assertThat(DetachedSupervisor.exitStatus(dir)).isEmpty();
        assertThat(DetachedSupervisor.exitTime(dir)).as("no status, no end time").isEmpty();
        Files.writeString(dir.resolve(DetachedSupervisor.EXIT_FILE), "garbage\n");
        assertThat(DetachedSupervisor.exitStatus(dir)).isEmpty();
    }

    @Test
    void startsInASessionOfItsOwn() {
        List<String> args = new ArrayList<>(DetachedSupervisor.wrap(List.of("nspawn", "--x"), null, dir));
        assertThat(args.get(0)).isEqualTo("setsid");
        assertThat(args.subList(args.size() - 2, args.size())).containsExactly("nspawn", "--x");
    }
}

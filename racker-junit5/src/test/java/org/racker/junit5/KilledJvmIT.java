package org.racker.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.racker.api.Container;
import org.racker.api.Racker;
import org.racker.NoSuchContainerException;
import org.racker.testing.Leaks;
import org.racker.testing.TestRootfs;

/**
 * A test JVM killed outright (SIGKILL: no shutdown hook runs) takes its containers with it:
 * a forked JVM runs a test that holds a container, the test here kills that JVM and watches
 * the container go.
 */
@Tag("integration")
class KilledJvmIT {
    private static final String PID_FILE = "racker.test.pidfile";

    /** Says which container it holds, then waits to be killed. */
    @RackerTest
    static class HoldsAContainer {
        @OsContainer(image = "${racker.test.bookworm}")
        static Container held;

        @Test
        void holds() throws Exception {
            Path file = Path.of(System.getProperty(PID_FILE));
            Files.writeString(file.resolveSibling("pid.tmp"), held.leaderPid() + " " + held.name() + "\n");
            Files.move(file.resolveSibling("pid.tmp"), file);
            new CountDownLatch(1).await(); // until the JVM is killed
        }
    }

    /** The forked JVM: runs {@link HoldsAContainer} with the state root and image given. */
    public static void main(String[] args) {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(HoldsAContainer.class))
                .configurationParameter(RackerExtension.ROOT_PARAMETER, args[0])
                .configurationParameter("racker.test.bookworm", args[1])
                .execute();
    }

    @TempDir
    Path stateRoot;

    @TempDir
    Path work;

    @Test
    void containersDieWithAKilledTestJvm() throws Exception {
        Path pidFile = work.resolve("held");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(java, "-D" + PID_FILE + "=" + pidFile, "-cp",
                System.getProperty("java.class.path"), KilledJvmIT.class.getName(), stateRoot.toString(),
                TestRootfs.bookworm().toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("jvm.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(pidFile) && jvm.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(pidFile).as(output(work)).exists();
        } finally {
            jvm.destroyForcibly(); // SIGKILL
        }
        jvm.waitFor();
        long killed = System.nanoTime();
        String[] held = Files.readString(pidFile).strip().split(" ");
        Path leader = Path.of("/proc", held[0]);

        while (Files.exists(leader) && System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(10)) {
            Thread.sleep(20);
        }
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
        assertThat(leader).as("the container's init, %d ms after the kill", tookMs).doesNotExist();
        System.out.println("container gone " + tookMs + " ms after its test JVM was killed");
        assertThat(tookMs).isLessThan(5000);
        List<String> processesAndMounts = leaksButRecords();
        while (!processesAndMounts.isEmpty() && System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(5)) {
            Thread.sleep(20);
            processesAndMounts = leaksButRecords();
        }
        assertThat(processesAndMounts).isEmpty();

        // the record a killed JVM could not remove is settled by the next racker that looks
        try {
            Racker.withRoot(stateRoot).attach(held[1]).close();
        } catch (NoSuchContainerException e) {
            // already reaped
        }
        assertThat(Leaks.under(stateRoot)).isEmpty();
    }

    private List<String> leaksButRecords() {
        return Leaks.under(stateRoot).stream().filter(l -> !l.startsWith("record: ")).toList();
    }

    private static String output(Path work) {
        try {
            return "the forked JVM said:\n" + Files.readString(work.resolve("jvm.log"));
        } catch (IOException e) {
            return "";
        }
    }
}

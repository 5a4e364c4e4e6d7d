package org.racker.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.racker.api.Container;
import org.racker.api.ContainerConfig;
import org.racker.api.WaitTimeoutException;
import org.racker.testing.Leaks;
import org.racker.testing.TestRootfs;

/**
 * The extension against real containers: test classes of the tests' own (the fixtures below)
 * run in an engine of their own, and each test checks what they saw and what they left.
 */
@Tag("integration")
class RackerExtensionIT {
    /** What the fixtures saw, in order: cleared before each run. */
    static final List<String> SEEN = Collections.synchronizedList(new ArrayList<>());

    @TempDir
    Path stateRoot;

    private EngineExecutionResults run(Class<?> fixture, Map<String, String> parameters) {
        SEEN.clear();
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture))
                .configurationParameter(RackerExtension.ROOT_PARAMETER, stateRoot.toString())
                .configurationParameter("racker.test.bookworm", TestRootfs.bookworm().toString())
                .configurationParameter("racker.test.busybox", TestRootfs.busybox().toString())
                .configurationParameters(parameters)
                .execute();
        printFailures(results);
        return results;
    }

    /** A fixture's failures, for the reader of this test's output; the tests assert on the expected ones. */
    private static void printFailures(EngineExecutionResults results) {
        results.allEvents().failed().stream().forEach(e -> e.getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable)
                .ifPresent(t -> System.err.println(e.getTestDescriptor().getDisplayName() + ": " + t)));
    }

    private EngineExecutionResults run(Class<?> fixture) {
        return run(fixture, Map.of());
    }

    static String describe(Container c) {
        return c == null ? "none" : c.id() + (c.isRunning() ? " running" : " stopped");
    }

    // ---- shared and per-test containers

    @TestMethodOrder(MethodOrderer.MethodName.class)
    @RackerTest
    static class SharedAndPerTest {
        @OsContainer(image = "${racker.test.bookworm}")
        static Container shared;

        @OsContainer(image = "${racker.test.busybox}", command = {"/bin/sleep", "1000"})
        Container perTest;

        @Test
        void a() throws Exception {
            SEEN.add("shared " + describe(shared));
            SEEN.add("perTest " + describe(perTest));
            assertThat(shared.exec("systemctl", "is-system-running", "--wait").exitCode()).isZero();
            assertThat(perTest.exec("true").exitCode()).isZero();
        }

        @Test
        void b() {
            SEEN.add("shared " + describe(shared));
            SEEN.add("perTest " + describe(perTest));
        }
    }

    @Test
    void staticFieldIsSharedByTheClassAndInstanceFieldsAreFreshPerTest() {
        run(SharedAndPerTest.class).testEvents().assertStatistics(s -> s.succeeded(2).failed(0));

        List<String> shared = SEEN.stream().filter(s -> s.startsWith("shared ")).toList();
        List<String> perTest = SEEN.stream().filter(s -> s.startsWith("perTest ")).toList();
        assertThat(shared).hasSize(2).allMatch(s -> s.endsWith(" running")).containsOnly(shared.get(0));
        assertThat(perTest).hasSize(2).allMatch(s -> s.endsWith(" running")).doesNotHaveDuplicates();
        assertThat(Leaks.under(stateRoot)).isEmpty();
    }

    // ---- the next test's container booted ahead

    /** The ids of the container records under the state root the fixtures run with. */
    static final List<String> RECORDS = Collections.synchronizedList(new ArrayList<>());

    @TestMethodOrder(MethodOrderer.MethodName.class)
    @RackerTest
    static class ThreeTests {
        @OsContainer(image = "${racker.test.bookworm}")
        Container fresh;

        private void note(String test) throws Exception {
            SEEN.add(test + " " + fresh.id());
            java.nio.file.Path records = java.nio.file.Path.of(System.getProperty("racker.it.records"));
            // how long to look for a second record: the time a spare's boot may take, or, where
            // none is expected, long enough that one would show
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(
                    Long.getLong("racker.it.recordWait"));
            List<String> ids;
            do {
                try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(records)) {
                    ids = files.map(f -> f.getFileName().toString()).sorted().toList();
                }
            } while (ids.size() < 2 && System.nanoTime() < deadline && sleep());
            RECORDS.add(test + " " + String.join(",", ids));
        }

        private static boolean sleep() throws InterruptedException {
            Thread.sleep(50);
            return true;
        }

        @Test
        void a() throws Exception {
            SEEN.add("a " + fresh.id());
        }

        @Test
        void b() throws Exception {
            note("b");
        }

        @Test
        void c() throws Exception {
            SEEN.add("c " + fresh.id());
        }
    }

    @Test
    void theThirdTestTakesAContainerBootedWhileTheSecondRan() {
        RECORDS.clear();
        System.setProperty("racker.it.records", stateRoot.resolve("containers").toString());
        System.setProperty("racker.it.recordWait", "30");
        try {
            run(ThreeTests.class).testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
        } finally {
            System.clearProperty("racker.it.records");
            System.clearProperty("racker.it.recordWait");
        }
        String b = SEEN.stream().filter(s -> s.startsWith("b ")).findFirst().orElseThrow().substring(2);
        String c = SEEN.stream().filter(s -> s.startsWith("c ")).findFirst().orElseThrow().substring(2);
        // while b ran, two containers: b's own and the spare that c then took
        assertThat(RECORDS).hasSize(1);
        List<String> duringB = List.of(RECORDS.get(0).substring(2).split(","));
        assertThat(duringB).hasSize(2).contains(b, c);
        // the spare booted while c ran was never used: removed with the class
        assertThat(Leaks.under(stateRoot)).isEmpty();
    }

    @Test
    void bootingAheadCanBeTurnedOff() {
        RECORDS.clear();
        System.setProperty("racker.it.records", stateRoot.resolve("containers").toString());
        System.setProperty("racker.it.recordWait", "3");
        try {
            run(ThreeTests.class, Map.of(RackerExtension.BOOT_AHEAD_PARAMETER, "false"))
                    .testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
        } finally {
            System.clearProperty("racker.it.records");
            System.clearProperty("racker.it.recordWait");
        }
        String b = SEEN.stream().filter(s -> s.startsWith("b ")).findFirst().orElseThrow().substring(2);
        assertThat(RECORDS).containsExactly("b " + b);
        assertThat(Leaks.under(stateRoot)).isEmpty();
    }

    // ---- published ports

    @RackerTest
    static class PublishedPort {
        @OsContainer(image = "${racker.test.bookworm}", ports = "127.0.0.1::7070")
        static Container web;

        @Test
        void hostReachesTheContainersPort() throws Exception {
            web.start(org.racker.api.Command.of("perl", "-e", "use IO::Socket::INET;"
                    + " my $s = IO::Socket::INET->new(LocalPort => 7070, Listen => 5, ReuseAddr => 1) or die;"
                    + " while (my $c = $s->accept) { print $c \"pong\\n\"; close $c }"));
            int port = web.hostPort(7070);
            String answer = "";
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (answer.isEmpty() && System.nanoTime() < deadline) {
                try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                    answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    Thread.sleep(50);
                }
            }
            SEEN.add(answer);
        }
    }

    @Test
    void portsOfTheAnnotationArePublishedOnAPrivateNetwork() {
        run(PublishedPort.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(SEEN).containsExactly("pong\n");
        assertThat(Leaks.under(stateRoot)).isEmpty();
    }

    // ---- nested classes

    @RackerTest
    static class Outer {
        @OsContainer(image = "${racker.test.bookworm}")
        static Container outerShared;

        @OsContainer(image = "${racker.test.busybox}", command = {"/bin/sleep", "1000"})
        Container outerPerTest;

        @Test
        void outerTest() {
            SEEN.add("outer sees " + describe(outerShared));
        }

        @Nested
        class Inner {
            @OsContainer(image = "${racker.test.busybox}", command = {"/bin/sleep", "1000"})
            Container innerPerTest;

            @Test
            void innerTest() {
                SEEN.add("inner sees " + describe(outerShared));
                SEEN.add("inner outerPerTest " + describe(outerPerTest));
                SEEN.add("inner innerPerTest " + describe(innerPerTest));
            }
        }
    }

    @Test
    void nestedClassSeesTheOuterClassContainerAndGetsItsOwnPerTest() {
        run(Outer.class).testEvents().assertStatistics(s -> s.succeeded(2).failed(0));

        String outerShared = SEEN.stream().filter(s -> s.startsWith("outer sees ")).findFirst().orElseThrow()
                .substring("outer sees ".length());
        assertThat(SEEN).contains("inner sees " + outerShared);
        assertThat(outerShared).endsWith(" running");
        assertThat(SEEN).filteredOn(s -> s.startsWith("inner outerPerTest ") || s.startsWith("inner innerPerTest "))
                .hasSize(2).allMatch(s -> s.endsWith(" running"));
        assertThat(Leaks.under(stateRoot)).isEmpty();
    }

    // ---- lifecycle order

    @RackerTest
    static class Lifecycle {
        @OsContainer(image = "${racker.test.busybox}", command = {"/bin/sleep", "1000"})
        static Container perClass;

        @OsContainer(image = "${racker.test.busybox}", command = {"/bin/sleep", "1000"})
        Container perTest;

        @BeforeAll
        static void beforeAll() {
            SEEN.add("beforeAll class:" + state(perClass));
        }

        @BeforeEach
        void beforeEach() {
            SEEN.add("beforeEach class:" + state(perClass) + " test:" + state(perTest));
        }

        @Test
        void test() {
            SEEN.add("test class:" + state(perClass) + " test:" + state(perTest));
        }

        @AfterEach
        void afterEach() {
            SEEN.add("afterEach class:" + state(perClass) + " test:" + state(perTest));
        }

        @AfterAll
        static void afterAll() {
            SEEN.add("afterAll class:" + state(perClass));
        }

        private static String state(Container c) {
            return c == null ? "none" : c.isRunning() ? "running" : "stopped";
        }
    }

    @Test
    void containersAreUpForEveryLifecycleMethodOfTheirScope() {
        run(Lifecycle.class).testEvents().assertStatistics(s -> s.succeeded(1));

        assertThat(SEEN).containsExactly(
                "beforeAll class:running",
                "beforeEach class:running test:running",
                "test class:running test:running",
                "afterEach class:running test:running",
                "afterAll class:running");
        assertThat(Leaks.under(stateRoot)).isEmpty();
    }

    // ---- failures in @BeforeAll and in a start

    @RackerTest
    static class BeforeAllFails {
        @OsContainer(image = "${racker.test.bookworm}")
        static Container first;

        @OsContainer(image = "${racker.test.busybox}", command = {"/bin/sleep", "1000"})
        static Container second;

        @BeforeAll
        static void fail() {
            SEEN.add("beforeAll " + describe(first) + " / " + describe(second));
            throw new IllegalStateException("set-up failed");
        }

        @Test
        void neverRuns() {
            SEEN.add("test ran");
        }
    }

    @Test
    void failureInBeforeAllLeavesNothingBehind() {
        EngineExecutionResults results = run(BeforeAllFails.class);

        results.containerEvents().assertThatEvents().haveExactly(1, event(container(BeforeAllFails.class),
                finishedWithFailure(instanceOf(IllegalStateException.class), message("set-up failed"))));
        assertThat(SEEN).hasSize(1).allMatch(s -> s.matches("beforeAll \\w+ running / \\w+ running"));
        assertThat(Leaks.under(stateRoot)).isEmpty();
    }

    @RackerTest
    static class WaitFails {
        @OsContainer(image = "${racker.test.busybox}", command = {"/bin/sleep", "1000"})
        static Container started;

        @OsContainer(image = "${racker.test.bookworm}", waitForUnits = "missing.service", waitTimeoutSeconds = 1)
        static Container neverReady;

        @Test
        void neverRuns() {
            SEEN.add("test ran");
        }
    }

    @Test
    void containerThatIsNeverReadyFailsTheClassWithItsLogAndLeavesNothing() {
        EngineExecutionResults results = run(WaitFails.class);

        results.containerEvents().assertThatEvents().haveExactly(1, event(container(WaitFails.class),
                finishedWithFailure(instanceOf(WaitTimeoutException.class),
                        message(m -> m.contains("unit missing.service active not reached within 1 s")))));
        assertThat(reportEntries(results)).anySatisfy(e -> assertThat(e.getKeyValuePairs())
                .containsKey("racker field neverReady log"));
        assertThat(SEEN).isEmpty();
        assertThat(Leaks.under(stateRoot)).isEmpty();
    }

    // ---- a failing test publishes its containers' logs

    @RackerTest
    static class TestFails {
        @OsContainer(image = "${racker.test.bookworm}")
        static Container booted;

        @Test
        void fails() throws Exception {
            booted.exec("systemd-cat", "-t", "fixture", "echo", "marker-before-failure");
            booted.exec("journalctl", "--sync");
            throw new AssertionError("the unit did not start");
        }
    }

    @Test
    void failedTestPublishesTheJournalTail() {
        EngineExecutionResults results = run(TestFails.class);

        results.testEvents().assertStatistics(s -> s.failed(1));
        assertThat(reportEntries(results)).anySatisfy(e -> assertThat(e.getKeyValuePairs())
                .hasEntrySatisfying("racker field booted log", log -> assertThat(log).contains("marker-before-failure")));
        assertThat(Leaks.under(stateRoot)).isEmpty();
    }

    private static List<ReportEntry> reportEntries(EngineExecutionResults results) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class)).toList();
    }

    // ---- parameters

    @RackerTest
    static class Parameters {
        static Container fromBeforeAll;

        @BeforeAll
        static void beforeAll(@OsContainer(image = "${racker.test.busybox}", command = {"/bin/sleep", "1000"},
                env = "GREETING=hello") Container c) {
            fromBeforeAll = c;
        }

        @Test
        void injected(@OsContainer(image = "${racker.test.bookworm}", mode = ContainerConfig.Mode.BOOT,
                waitForUnits = "systemd-journald.service") Container c) throws Exception {
            SEEN.add("param " + describe(c));
            SEEN.add("beforeAll param " + describe(fromBeforeAll));
            assertThat(c.exec("systemctl", "is-active", "systemd-journald.service").stdoutText()).isEqualTo("active\n");
            assertThat(fromBeforeAll.exec("sh", "-c", "echo $GREETING").stdoutText()).isEqualTo("hello\n");
        }

        @AfterAll
        static void afterAll() {
            SEEN.add("afterAll beforeAll param " + describe(fromBeforeAll));
        }
    }

    @Test
    void parametersGetContainersOfTheirMethodsScope() {
        run(Parameters.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));

        assertThat(SEEN).hasSize(3);
        assertThat(SEEN.get(0)).endsWith(" running");
        assertThat(SEEN.get(2)).isEqualTo("afterAll " + SEEN.get(1));
        assertThat(Leaks.under(stateRoot)).isEmpty();
    }

    // ---- parallel classes

    static final Set<String> CONCURRENT = ConcurrentHashMap.newKeySet();

    /** Holds its container until the other class has one too, so the two overlap for sure. */
    abstract static class Parallel {
        static void overlap(String me, Container c) throws Exception {
            SEEN.add(me + " " + describe(c));
            CONCURRENT.add(me);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (CONCURRENT.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(CONCURRENT).hasSize(2);
            assertThat(c.exec("true").exitCode()).isZero();
        }
    }

    @RackerTest
    static class ParallelA extends Parallel {
        @OsContainer(image = "${racker.test.bookworm}")
        static Container a;

        @Test
        void test() throws Exception {
            overlap("A", a);
        }
    }

    @RackerTest
    static class ParallelB extends Parallel {
        @OsContainer(image = "${racker.test.bookworm}")
        static Container b;

        @Test
        void test() throws Exception {
            overlap("B", b);
        }
    }

    @Test
    void classesInParallelEachGetTheirOwnContainers() {
        SEEN.clear();
        CONCURRENT.clear();
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(ParallelA.class), selectClass(ParallelB.class))
                .configurationParameter(RackerExtension.ROOT_PARAMETER, stateRoot.toString())
                .configurationParameter("racker.test.bookworm", TestRootfs.bookworm().toString())
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "2")
                .execute()
                .testEvents().assertStatistics(s -> s.succeeded(2).failed(0));

        assertThat(SEEN).hasSize(2).allMatch(s -> s.endsWith(" running"));
        assertThat(SEEN.stream().map(s -> s.split(" ")[1]).collect(Collectors.toSet())).hasSize(2);
        assertThat(Leaks.under(stateRoot)).isEmpty();
    }
}

package org.racker.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.testing.Leaks;
import org.racker.testing.TestRootfs;

/**
 * Debian's own autopkgtest, unchanged, running real Debian source packages' tests with
 * {@code -- racker}: it finds autopkgtest-virt-racker on PATH, as an installed racker
 * provides it. The test bed is a bookworm root with package lists, so no run needs apt-get
 * update; downloaded packages are kept in a cache directory bound into every test bed (the
 * server's --bind), so reruns do not fetch them again.
 */
@Tag("integration")
class AutopkgtestIT {
    /** autopkgtest's exit statuses (its man page): some test failed; the test bed failed. */
    private static final int TEST_FAILED = 4;

    @TempDir
    Path stateRoot;

    static Path testbedRoot;
    static Path debCache;

    @BeforeAll
    static void prerequisites() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/autopkgtest")),
                "autopkgtest is not installed: scripts/install-deps --test installs it");
        testbedRoot = TestRootfs.bookwormWithPackageLists();
        debCache = Files.createDirectories(TestRootfs.cacheDir().resolve("autopkgtest-debs/partial")).getParent();
    }

    @AfterEach
    void nothingLeft() {
        assertThat(Leaks.under(stateRoot)).isEmpty();
    }

    @Test
    void plainTestsPass() throws Exception {
        Run run = autopkgtest(DebianSources.dsc("hello"));

        assertThat(run.status).as(run.output).isZero();
        assertThat(run.summary()).containsExactly("command1 PASS", "upstream-tests PASS");
    }

    @Test
    void aTestThatNeedsRootAndIsolationStartsItsService() throws Exception {
        Run run = autopkgtest(DebianSources.dsc("memcached"), "--test-name=daemon");

        assertThat(run.status).as(run.output).isZero();
        assertThat(run.summary()).containsExactly("daemon PASS");
        assertThat(run.output).doesNotContain("SKIP");
    }

    @Test
    void aFailingTestIsATestFailureNotATestbedFailure() throws Exception {
        // memcached's own daemon test, in a test bed where its service cannot start
        Run run = autopkgtest(DebianSources.dsc("memcached"), "--test-name=daemon",
                "--setup-commands=systemctl mask memcached.service");

        assertThat(run.status).as(run.output).isEqualTo(TEST_FAILED);
        assertThat(run.summary()).singleElement().asString().startsWith("daemon FAIL");
        assertThat(run.output).contains("Unit memcached.service is masked");
    }

    @Test
    void aTestThatRebootsTheTestBedContinuesWithItsFiles(@TempDir Path dir) throws Exception {
        // hello's source with a test of its own in place of hello's: it installs hello (a
        // package the reboot must keep), leaves a file, reboots, and checks both afterwards
        Path control = Files.writeString(dir.resolve("control"), "Test-Command: set -e;"
                + " if [ -z \"${AUTOPKGTEST_REBOOT_MARK:-}\" ]; then echo before > /var/tmp/kept;"
                + " /tmp/autopkgtest-reboot rebooted; fi;"
                + " echo \"mark $AUTOPKGTEST_REBOOT_MARK\"; cat /var/tmp/kept; hello\n"
                + "Depends: hello\nRestrictions: needs-root\n");

        Run run = autopkgtest(DebianSources.dsc("hello"), "--override-control=" + control);

        assertThat(run.status).as(run.output).isZero();
        assertThat(run.output).contains("test process requested reboot with marker rebooted")
                .contains("mark rebooted\nbefore\nHello, world!\n");
        assertThat(run.summary()).containsExactly("command1 PASS");
    }

    private record Run(int status, String output) {
        /** The lines after autopkgtest's summary marker, each reduced to "TEST RESULT[ reason]". */
        List<String> summary() {
            int at = output.lastIndexOf("@@@@@@@@@@@@@@@@@@@@ summary\n");
            assertThat(at).as(output).isNotNegative();
            return output.substring(at).lines().skip(1).map(l -> l.trim().replaceAll("\\s+", " ")).toList();
        }
    }

    private Run autopkgtest(Path dsc, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("autopkgtest", "--no-built-binaries"));
        cmd.addAll(List.of(options));
        cmd.add(dsc.toString());
        cmd.addAll(List.of("--", "racker", "--root", stateRoot.toString(), "--bind",
                debCache + ":/var/cache/apt/archives", testbedRoot.toString()));
        StartedByTests.stateRoot(stateRoot);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("PATH", RackerProcess.launcher().getParent() + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        return new Run(p.exitValue(), output);
    }
}

package org.racker.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.racker.api.Container;

/**
 * bench/junit5.sh's test class: 20 tests, each with a fresh booted container that runs
 * {@code true}. {@link #main} runs it as a build tool would, through JUnit's launcher.
 */
@RackerTest
public class TwentyContainersBench {
    @OsContainer(image = "${racker.bench.rootfs}")
    Container container;

    @RepeatedTest(20)
    void runsTrue() throws Exception {
        assertEquals(0, container.exec("true").exitCode());
    }

    /**
     * Arguments: the state root, the root directory to boot, the number of tests run at once
     * (1 or more), and optionally false to boot no container ahead.
     */
    public static void main(String[] args) {
        int parallelism = Integer.parseInt(args[2]);
        String bootAhead = args.length > 3 ? args[3] : "true";
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(TwentyContainersBench.class))
                .configurationParameters(Map.of(RackerExtension.ROOT_PARAMETER, args[0], "racker.bench.rootfs", args[1],
                        "junit.jupiter.execution.parallel.enabled", Boolean.toString(parallelism > 1),
                        "junit.jupiter.execution.parallel.mode.default", "concurrent",
                        "junit.jupiter.execution.parallel.config.strategy", "fixed",
                        "junit.jupiter.execution.parallel.config.fixed.parallelism", Integer.toString(parallelism),
                        RackerExtension.BOOT_AHEAD_PARAMETER, bootAhead))
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        if (summary.getTotalFailureCount() > 0 || summary.getTestsSucceededCount() != 20) {
            summary.printFailuresTo(new java.io.PrintWriter(System.err, true), 20);
            System.exit(1);
        }
    }
}

package org.racker.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every container test shares: a state root of its own, a marker that names its
 * containers, and the check after each test that none of them left anything behind.
 */
abstract class IsolatedRackerTest {
    @TempDir
    Path state;

    RackerProcess racker;

    /** Part of every container name the test starts, so leaks are found by name. */
    String marker;

    @BeforeEach
    void isolate() {
        racker = new RackerProcess(state);
        marker = "it-" + Long.toHexString(new Random().nextLong() & 0xffffffffL);
        StartedByTests.marker(marker);
    }

    @AfterEach
    void nothingLeftBehind() {
        java.util.List<String> leaks = HostLeaks.of(marker);
        java.util.List<String> live = HostLeaks.liveRecords(state);
        if (!leaks.isEmpty() || !live.isEmpty()) {
            // the test fails below; its containers must not outlive it and fail the next ones
            for (String id : racker.run("ps", "-aq", "--no-trunc").stdout().split("\\s+")) {
                if (!id.isBlank()) {
                    racker.run("rm", "-f", id);
                }
            }
        }
        assertThat(leaks).isEmpty();
        assertThat(live).isEmpty();
    }
}

package org.racker.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other integration test (its own failsafe execution): no container the
 * suite started may still run, be mounted or have left a directory behind. Only what the
 * suite started counts: a user's own containers may run meanwhile.
 */
@Tag("integration")
class NothingLeftBehindIT {
    @Test
    void noContainerProcessMountOrDirectoryRemains() {
        assertThat(HostLeaks.ofTests()).isEmpty();
    }
}

package org.racker.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnitStateTest {
    @Test
    void activeForTheTimeSinceItEnteredTheStateByTheMachinesUptime() {
        String out = "ActiveState=active\nActiveEnterTimestampMonotonic=1250000\n12.50 40.00\n";
        assertThat(UnitState.activeForMicros(out)).hasValue(11_250_000);
    }

    @Test
    void justStartedIsActiveForLittleOrNothing() {
        assertThat(UnitState.activeForMicros("ActiveState=active\nActiveEnterTimestampMonotonic=12500000\n12.50 1.0\n"))
                .hasValue(0);
        assertThat(UnitState.activeForMicros("ActiveState=active\nActiveEnterTimestampMonotonic=12510000\n12.50 1.0\n"))
                .as("uptime's centiseconds lag the microsecond timestamp").hasValue(0);
    }

    @Test
    void notActiveOrUnreadableSaysNothing() {
        assertThat(UnitState.activeForMicros("ActiveState=failed\nActiveEnterTimestampMonotonic=1250000\n12.50 4.0\n"))
                .isEmpty();
        assertThat(UnitState.activeForMicros("ActiveState=activating\nActiveEnterTimestampMonotonic=0\n12.50 4.0\n"))
                .isEmpty();
        assertThat(UnitState.activeForMicros("ActiveState=active\nActiveEnterTimestampMonotonic=0\n12.50 4.0\n"))
                .as("never entered").isEmpty();
        assertThat(UnitState.activeForMicros("ActiveState=active\nActiveEnterTimestampMonotonic=1250000\n")).isEmpty();
        assertThat(UnitState.activeForMicros("")).isEmpty();
    }
}

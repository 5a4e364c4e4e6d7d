package org.racker.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.racker.InvalidArgumentException;
import org.junit.jupiter.api.Test;

class TimeBoundTest {
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Instant parse(String value) throws InvalidArgumentException {
        return TimeBound.parse("--since", value, NOW, BERLIN);
    }

    @Test
    void readsDockersForms() throws InvalidArgumentException {
        assertThat(parse("2026-12-06T09:30:00Z")).isEqualTo("2026-12-06T09:30:00Z");
        assertThat(parse("2026-12-06T09:30:00.5+01:00")).isEqualTo("2026-12-06T08:30:00.500Z");
        assertThat(parse("2026-12-06T09:30:00")).as("no zone: the local one").isEqualTo("2026-12-06T08:30:00Z");
        assertThat(parse("2026-12-06")).isEqualTo("2026-12-05T23:00:00Z");
        assertThat(parse("1796524635")).isEqualTo(Instant.ofEpochSecond(1796524635));
        assertThat(parse("1796524635.25")).isEqualTo(Instant.ofEpochSecond(1796524635, 250_000_000));
        assertThat(parse("10m")).isEqualTo("2026-12-06T09:50:00Z");
        assertThat(parse("1h30m")).isEqualTo("2026-12-06T08:30:00Z");
        assertThat(parse("1.5s")).isEqualTo("2026-12-06T09:59:58.500Z");
        assertThat(parse("250ms")).isEqualTo("2026-12-06T09:59:59.750Z");
    }

    @Test
    void refusesAnythingElseInOneLineNamingTheOption() {
        for (String bad : new String[] {"yesterday", "10 m", "2026-13-01", "-5m", ""}) {
            assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageStartingWith("invalid --since value").hasMessageNotContaining("\n");
        }
    }

    @Test
    void tailTakesACountOrAll() throws InvalidArgumentException {
        assertThat(LogQuery.tail("all")).isNull();
        assertThat(LogQuery.tail(null)).isNull();
        assertThat(LogQuery.tail("3")).isEqualTo(3);
        assertThatThrownBy(() -> LogQuery.tail("-1")).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void timestampsAreDockersFixedWidthUtcTimes() {
        assertThat(LogQuery.timestamp(Instant.parse("2026-12-06T10:00:00.5Z"))).isEqualTo("2026-12-06T10:00:00.500000000Z ");
    }
}

package org.racker.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InstantTextTest {
    @Test
    void readsWhatInstantToStringWrites() {
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            long seconds = random.nextLong() % 253_402_300_799L; // within years 0000-9999
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant at = Instant.ofEpochSecond(Math.abs(seconds) - 62_167_219_200L, nanos);
            assertThat(InstantText.parse(at.toString())).as(at.toString()).isEqualTo(at);
        }
    }

    @Test
    void shortFractionsAreFractionsOfASecond() {
        assertThat(InstantText.parse("2026-01-02T03:04:05.5Z")).isEqualTo(Instant.parse("2026-01-02T03:04:05.500Z"));
        assertThat(InstantText.parse("2026-01-02T03:04:05Z")).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    }

    @Test
    void otherShapesAreLeftToInstantParse() {
        assertThat(InstantText.parse("+10000-01-01T00:00:00Z")).isEqualTo(Instant.parse("+10000-01-01T00:00:00Z"));
        assertThat(InstantText.parse("-0001-01-01T00:00:00Z")).isEqualTo(Instant.parse("-0001-01-01T00:00:00Z"));
    }

    @Test
    void oddOrInvalidTextMeansWhatInstantParseMakesOfIt() {
        for (String text : new String[] {"2026-02-30T00:00:00Z", "2024-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
                "2026-01-01T24:00:00Z", "2026-12-31T23:59:60Z", "2026-01-01T00:60:00Z", "2026-01-01T00:00:00.Z",
                "2026-01-01T00:00:00.1234567890Z", "2026-01-01 00:00:00Z", "20x6-01-01T00:00:00Z",
                "2026-01-01T00:00:00.12a4Z", "2026-01-01T00:00:00+01:00", "yesterday"}) {
            Instant expected;
            try {
                expected = Instant.parse(text);
            } catch (DateTimeParseException e) {
                assertThatThrownBy(() -> InstantText.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
                continue;
            }
            assertThat(InstantText.parse(text)).as(text).isEqualTo(expected);
        }
    }
}

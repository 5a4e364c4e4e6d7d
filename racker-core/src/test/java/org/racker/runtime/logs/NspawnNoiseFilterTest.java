package org.racker.runtime.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NspawnNoiseFilterTest {
    private static final String NOISE =
            "Attempted to remove disk file system under \"/run/systemd/nspawn/propagate/racker-1\", and we can't allow that.\n";

    private static byte[] filter(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new NspawnNoiseFilter(new ByteArrayInputStream(in), out).run();
        return out.toByteArray();
    }

    @Test
    void dropsTheMessageOnly() {
        String in = "real error\n" + NOISE + "tail without newline";
        assertThat(new String(filter(in.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo("real error\ntail without newline");
    }

    @Test
    void keepsLinesThatOnlyStartLikeIt() {
        String in = "Attempted to remove something else\nAttempted to remove disk file system under \"/run/systemd/nspawn/propagate/x\" but different\n";
        assertThat(new String(filter(in.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)).isEqualTo(in);
    }

    @Test
    void binaryPassesByteForByte() {
        byte[] bytes = new byte[100_000];
        new Random(1).nextBytes(bytes);
        assertThat(filter(bytes)).isEqualTo(bytes);
    }
}

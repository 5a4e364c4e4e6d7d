package org.racker.distro;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CuratedImageJsonTest {
    static final CuratedImage IMAGE = new CuratedImage("debian-bookworm", "Debian", "12", "apt",
            "mmdebstrap bookworm from http://deb.debian.org/debian", "Release of 2026-11-08", "2026-11-29T07:00:00Z",
            List.of("apt-get install \"systemd\"", "ü"), List.of("getty@.service"));

    @Test
    void writesWhatAnObjectMapperWroteAndReadsItBack() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CuratedImageJson.write(IMAGE, out);
        String mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(IMAGE);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(mapper);
        assertThat(CuratedImageJson.read(new ByteArrayInputStream(out.toByteArray()))).isEqualTo(IMAGE);
    }

    @Test
    void readsOlderAndNewerFiles() throws Exception {
        String older = "{\"name\": \"x\", \"pulled\": \"2026-01-01\", \"later\": [1, {\"a\": 2}]}";
        CuratedImage read = CuratedImageJson.read(new ByteArrayInputStream(older.getBytes(StandardCharsets.UTF_8)));
        assertThat(read.name()).isEqualTo("x");
        assertThat(read.provisioning()).isEmpty();
        assertThat(read.maskedUnits()).isEmpty();
    }
}

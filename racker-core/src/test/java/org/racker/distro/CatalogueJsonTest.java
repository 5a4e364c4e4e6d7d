package org.racker.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogueJsonTest {
    /** The file layout as Jackson binds it, ImageSource's type annotations included. */
    record File(List<CatalogueEntry> images) { }

    static List<CatalogueEntry> read(String json) throws Exception {
        return CatalogueJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsTheBuiltInCatalogueAsDatabindDoes() throws Exception {
        ObjectMapper mapper = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        List<CatalogueEntry> bound;
        try (InputStream in = Catalogue.class.getResourceAsStream("catalogue.json")) {
            bound = mapper.readValue(in, File.class).images();
        }
        List<CatalogueEntry> streamed;
        try (InputStream in = Catalogue.class.getResourceAsStream("catalogue.json")) {
            streamed = CatalogueJson.read(in);
        }
        assertThat(streamed).hasSizeGreaterThan(25).isEqualTo(bound);
    }

    @Test
    void skipsUnknownFieldsAndTakesNulls() throws Exception {
        List<CatalogueEntry> entries = read("""
                {"version": 2, "images": [{"name": "x", "future": {"a": [1, 2]}, "notes": null,
                  "sources": [{"type": "bootstrap", "tool": "mmdebstrap", "suite": "s", "mirror": "m",
                               "aptOptions": null, "extra": true}]}]}
                """);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).sources()).containsExactly(new ImageSource.Bootstrap("mmdebstrap", "s", "m", List.of()));
        assertThat(read("{}")).isEmpty();
        assertThat(read("{\"images\": null}")).isEmpty();
    }

    @Test
    void wrongTypesNameTheFieldAndThePlace() {
        assertThatThrownBy(() -> read("{\"images\": [{\n  \"name\": 42}]}"))
                .isInstanceOf(JsonProcessingException.class)
                .satisfies(e -> {
                    JsonProcessingException j = (JsonProcessingException) e;
                    assertThat(j.getOriginalMessage()).isEqualTo("\"name\": expected a string, found a number");
                    assertThat(j.getLocation().getLineNr()).isEqualTo(2);
                });
        assertThatThrownBy(() -> read("{\"images\": {}}")).hasMessageContaining("\"images\": expected an array");
        assertThatThrownBy(() -> read("{\"images\": [{\"sources\": [{\"url\": \"u\"}]}]}"))
                .hasMessageContaining("a source without \"type\"");
        assertThatThrownBy(() -> read("{\"images\": [{\"sources\": [{\"type\": \"ftp\"}]}]}"))
                .hasMessageContaining("unknown source type \"ftp\": use docker, tarball or bootstrap");
        assertThatThrownBy(() -> read("[]")).hasMessageContaining("a catalogue file: expected an object");
        assertThatThrownBy(() -> read("{\"images\": [")).isInstanceOf(JsonProcessingException.class);
    }
}

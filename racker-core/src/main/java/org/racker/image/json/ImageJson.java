package org.racker.image.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.racker.image.Digest;
import org.racker.image.InvalidImageReferenceException;

/**
 * The one Jackson configuration for image JSON: unknown fields are ignored (the specs allow
 * extensions), absent fields are left out when writing, and digests are read and written as
 * their "algorithm:hex" strings, a malformed one failing the whole document.
 */
public final class ImageJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .addModule(new SimpleModule("racker-digest")
                    .addSerializer(Digest.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(Digest value, JsonGenerator gen, SerializerProvider serializers)
                                throws IOException {
                            gen.writeString(value.toString());
                        }
                    })
                    .addDeserializer(Digest.class, new JsonDeserializer<>() {
                        @Override
                        public Digest deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                            String text = p.getValueAsString();
                            try {
                                return Digest.parse(text);
                            } catch (InvalidImageReferenceException e) {
                                return (Digest) ctxt.handleWeirdStringValue(Digest.class, text, e.getMessage());
                            }
                        }
                    }))
            .build();

    /** A manifest, an index and a config as small as they come, to build the readers for their types. */
    private static final String[] SAMPLES = {
        "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"m\",\"digest\":\"sha256:"
                + "0".repeat(64) + "\",\"size\":1},\"layers\":[]}",
        "{\"schemaVersion\":2,\"manifests\":[{\"platform\":{\"os\":\"linux\"}}]}",
        "{\"architecture\":\"amd64\",\"config\":{\"Env\":[]},\"rootfs\":{\"diff_ids\":[]},\"history\":[{}]}",
    };

    private ImageJson() {
    }

    /**
     * Builds the mapper and its readers for manifests, indexes and configs (and writers for
     * records and maps), which otherwise the first use does. A pull runs this on a thread of
     * its own before its first request: setting Jackson's databind up takes about 250 ms of a
     * short-lived JVM's start (class loading, the C1 JIT), which then overlaps with the
     * network and the first downloads instead of preceding them (the manifest itself is read
     * by {@link ManifestJson}, without databind).
     */
    public static void prepare() {
        try {
            ImageManifest manifest = read(SAMPLES[0].getBytes(StandardCharsets.UTF_8), ImageManifest.class);
            read(SAMPLES[1].getBytes(StandardCharsets.UTF_8), ImageIndex.class);
            ImageConfig config = read(SAMPLES[2].getBytes(StandardCharsets.UTF_8), ImageConfig.class);
            // and the writers a pull ends with: the image record and the tags
            MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(List.of(manifest, config));
            MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(new TreeMap<>(Map.of("a", "b")));
        } catch (IOException e) {
            throw new IllegalStateException("the built-in sample JSON does not parse", e);
        }
    }

    /** The shared, thread-safe mapper; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Reads {@code json} as {@code type}; an {@link IOException} says what is malformed. */
    public static <T> T read(byte[] json, Class<T> type) throws IOException {
        return MAPPER.readValue(json, type);
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}

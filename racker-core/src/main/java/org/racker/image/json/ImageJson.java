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

    private ImageJson() {
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

package org.racker.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonValuesTest {
    private static Map<String, Object> document() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("Running", false);
        inner.put("Pid", 0);
        inner.put("Big", 1L << 40);
        inner.put("Ratio", 0.5);
        inner.put("Nothing", null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", "a\"b\\c\u00fc\n");
        m.put("Args", List.of());
        m.put("Env", List.of("A=1", "B="));
        m.put("State", inner);
        m.put("Labels", Map.of());
        return m;
    }

    @Test
    void writesWhatObjectMapperWouldWriteInTheSameLayout() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        assertThat(JsonValues.toJson(document(), true))
                .isEqualTo(mapper.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document()));
        assertThat(JsonValues.toJson(document(), false)).isEqualTo(mapper.writeValueAsString(document()));
    }

    @Test
    void treesAreTheSameAsObjectMappersAndWriteBackTheSame() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        assertThat(JsonValues.toTree(document())).isEqualTo(mapper.valueToTree(document()));
        assertThat(JsonValues.toJson(JsonValues.toTree(document()), false)).isEqualTo(mapper.writeValueAsString(document()));
    }
}

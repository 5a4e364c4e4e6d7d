package org.racker.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Documents racker prints (inspect, ps and images as JSON, the trees Go templates walk) made
 * of maps, lists, strings, numbers and booleans, written and turned into trees without an
 * ObjectMapper: on a cold JVM, databind's serializer set-up costs more than the rest of a
 * command that only reads state.
 */
public final class JsonValues {
    private JsonValues() { }

    /** {@code value} as JSON text; {@code pretty}: indented as ObjectMapper's INDENT_OUTPUT does it. */
    public static String toJson(Object value, boolean pretty) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JsonFields.FACTORY.createGenerator(out)) {
            if (pretty) {
                g.setPrettyPrinter(new DefaultPrettyPrinter());
            }
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string", e);
        }
        return out.toString();
    }

    /** The tree of {@code value}: maps become objects (in their order), lists arrays. */
    public static JsonNode toTree(Object value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value == null) {
            return f.nullNode();
        }
        if (value instanceof JsonNode n) {
            return n;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode o = f.objectNode();
            map.forEach((k, v) -> o.set(String.valueOf(k), toTree(v)));
            return o;
        }
        if (value instanceof List<?> list) {
            ArrayNode a = f.arrayNode();
            list.forEach(v -> a.add(toTree(v)));
            return a;
        }
        if (value instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return f.numberNode(i);
        }
        if (value instanceof Long l) {
            return f.numberNode(l);
        }
        if (value instanceof Number n) {
            return f.numberNode(n.doubleValue());
        }
        return f.textNode(value.toString());
    }

    private static void write(JsonGenerator g, Object value) throws IOException {
        if (value instanceof JsonNode node) {
            writeNode(g, node);
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof List<?> list) {
            g.writeStartArray();
            for (Object v : list) {
                write(g, v);
            }
            g.writeEndArray();
        } else if (value == null) {
            g.writeNull();
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Integer i) {
            g.writeNumber(i);
        } else if (value instanceof Long l) {
            g.writeNumber(l);
        } else if (value instanceof Number n) {
            g.writeNumber(n.doubleValue());
        } else {
            g.writeString(value.toString());
        }
    }

    private static void writeNode(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    g.writeFieldName(e.getKey());
                    writeNode(g, e.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode item : node) {
                    writeNode(g, item);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(node.textValue());
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NUMBER -> {
                if (node.isIntegralNumber()) {
                    g.writeNumber(node.bigIntegerValue());
                } else {
                    g.writeNumber(node.decimalValue());
                }
            }
            case NULL, MISSING -> g.writeNull();
            default -> g.writeString(node.asText());
        }
    }
}

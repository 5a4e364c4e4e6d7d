package org.racker.image.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.racker.image.Digest;
import org.racker.image.InvalidImageReferenceException;

/**
 * Reads manifests and indexes with Jackson's streaming parser alone, into the same records
 * {@link ImageJson} gives: the first document a pull needs comes back before Jackson's
 * databind has set itself up in a fresh JVM (about 250 ms of class loading and JIT with the
 * C1-only launcher), so the layers start downloading that much sooner while databind gets
 * ready on another thread for the config and the store.
 *
 * <p>It reads as {@link ImageJson}'s mapper does: unknown fields ignored, null for absent
 * objects (0 for numbers), scalars accepted as text where text is wanted and numeric text
 * where a number is, a malformed digest refused. Shapes that do not fit (an object where a
 * list belongs) fail with an {@link IllegalArgumentException} naming the field.
 */
public final class ManifestJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private ManifestJson() {
    }

    /**
     * The first JSON value of a document as maps (insertion-ordered), lists, strings, numbers,
     * booleans and nulls.
     */
    public static Object parse(byte[] json) throws IOException {
        try (JsonParser parser = FACTORY.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new IOException("empty document");
            }
            return value(parser); // what follows is not looked at, as the mapper does not
        }
    }

    public static ImageManifest manifest(Map<?, ?> object) {
        return new ImageManifest(
                (int) number(object, "schemaVersion"),
                text(object, "mediaType"),
                text(object, "artifactType"),
                descriptor(object.get("config"), "config"),
                descriptors(object.get("layers"), "layers"),
                descriptor(object.get("subject"), "subject"),
                textMap(object.get("annotations"), "annotations"));
    }

    public static ImageIndex index(Map<?, ?> object) {
        return new ImageIndex(
                (int) number(object, "schemaVersion"),
                text(object, "mediaType"),
                text(object, "artifactType"),
                descriptors(object.get("manifests"), "manifests"),
                descriptor(object.get("subject"), "subject"),
                textMap(object.get("annotations"), "annotations"));
    }

    private static Object value(JsonParser parser) throws IOException {
        switch (parser.currentToken()) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.put(name, value(parser));
                }
                return object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser));
                }
                return array;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT -> {
                return parser.getNumberValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return parser.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IOException("unexpected " + parser.currentToken());
        }
    }

    private static Descriptor descriptor(Object value, String field) {
        if (value == null) {
            return null;
        }
        Map<?, ?> object = object(value, field);
        return new Descriptor(
                text(object, "mediaType"),
                digest(object.get("digest"), field + ".digest"),
                number(object, "size"),
                textList(object.get("urls"), field + ".urls"),
                textMap(object.get("annotations"), field + ".annotations"),
                platform(object.get("platform"), field + ".platform"),
                text(object, "artifactType"));
    }

    private static List<Descriptor> descriptors(Object value, String field) {
        if (value == null) {
            return null;
        }
        List<Descriptor> descriptors = new ArrayList<>();
        for (Object element : list(value, field)) {
            descriptors.add(descriptor(element, field + "[]"));
        }
        return descriptors;
    }

    private static DescriptorPlatform platform(Object value, String field) {
        if (value == null) {
            return null;
        }
        Map<?, ?> object = object(value, field);
        return new DescriptorPlatform(
                text(object, "architecture"),
                text(object, "os"),
                text(object, "os.version"),
                textList(object.get("os.features"), field + ".os.features"),
                text(object, "variant"),
                textList(object.get("features"), field + ".features"));
    }

    private static Digest digest(Object value, String field) {
        if (value == null) {
            return null;
        }
        try {
            return Digest.parse(scalarText(value, field));
        } catch (InvalidImageReferenceException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
        }
    }

    private static String text(Map<?, ?> object, String field) {
        Object value = object.get(field);
        return value == null ? null : scalarText(value, field);
    }

    private static String scalarText(Object value, String field) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw new IllegalArgumentException(field + ": expected a string");
    }

    private static long number(Map<?, ?> object, String field) {
        Object value = object.get(field);
        if (value == null) {
            return 0;
        }
        if (value instanceof Number n && !(value instanceof Double)) {
            return n.longValue();
        }
        if (value instanceof Double d && d == Math.rint(d)) {
            return d.longValue();
        }
        if (value instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(field + ": \"" + s + "\" is not a number", e);
            }
        }
        throw new IllegalArgumentException(field + ": expected a number");
    }

    private static List<String> textList(Object value, String field) {
        if (value == null) {
            return null;
        }
        List<String> texts = new ArrayList<>();
        for (Object element : list(value, field)) {
            texts.add(element == null ? null : scalarText(element, field + "[]"));
        }
        return texts;
    }

    private static Map<String, String> textMap(Object value, String field) {
        if (value == null) {
            return null;
        }
        Map<String, String> texts = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : object(value, field).entrySet()) {
            Object element = entry.getValue();
            texts.put((String) entry.getKey(), element == null ? null : scalarText(element, field + "." + entry.getKey()));
        }
        return texts;
    }

    private static Map<?, ?> object(Object value, String field) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new IllegalArgumentException(field + ": expected an object");
    }

    private static List<?> list(Object value, String field) {
        if (value instanceof List<?> list) {
            return list;
        }
        throw new IllegalArgumentException(field + ": expected an array");
    }
}

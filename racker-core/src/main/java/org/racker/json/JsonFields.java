package org.racker.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Small steps for reading racker's own JSON files with Jackson's streaming parser. The files
 * every command reads (container state, the catalogue, a curated image's record) are read
 * this way rather than bound by an ObjectMapper: on a cold JVM, databind's reflective set-up
 * costs more than the rest of a short command. Type errors name the field and where it is.
 */
public final class JsonFields {
    /** Thread-safe and cheap once made; one per JVM is enough. */
    public static final JsonFactory FACTORY = new JsonFactory();

    private JsonFields() { }

    /** The current token must be {@code wanted}. */
    public static void expect(JsonParser p, JsonToken wanted, String what) throws JsonParseException {
        if (p.currentToken() != wanted) {
            throw new JsonParseException(p, what + ": expected " + describe(wanted) + ", found " + describe(p.currentToken()));
        }
    }

    /** A string or null; anything else is an error naming {@code field}. */
    public static String string(JsonParser p, String field) throws JsonParseException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw new JsonParseException(p, "\"" + field + "\": expected a string, found " + describe(t));
        }
        try {
            return p.getText();
        } catch (IOException e) {
            throw new JsonParseException(p, "\"" + field + "\": " + e.getMessage(), e);
        }
    }

    /** An array of strings, or null for a JSON null. */
    public static List<String> strings(JsonParser p, String field) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, JsonToken.START_ARRAY, "\"" + field + "\"");
        List<String> values = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            values.add(string(p, field));
        }
        return values;
    }

    /** {@code "field" : [ ... ]}, one string each. */
    public static void writeStrings(com.fasterxml.jackson.core.JsonGenerator g, String field, List<String> values)
            throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "the end";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case END_OBJECT -> "the end of an object";
            case START_ARRAY -> "an array";
            case END_ARRAY -> "the end of an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }
}

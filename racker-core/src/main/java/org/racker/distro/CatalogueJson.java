package org.racker.distro;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.racker.json.JsonFields;

/**
 * Reads a catalogue file, {@code {"images": [...]}}, with the streaming parser (see
 * {@link JsonFields} for why): every postroj command and every {@code racker run NAME}
 * reads it. Unknown fields are skipped, so a newer catalogue still loads.
 */
final class CatalogueJson {
    private CatalogueJson() { }

    static List<CatalogueEntry> read(InputStream in) throws IOException {
        try (JsonParser p = JsonFields.FACTORY.createParser(in)) {
            p.nextToken();
            JsonFields.expect(p, JsonToken.START_OBJECT, "a catalogue file");
            List<CatalogueEntry> entries = new ArrayList<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("images") && p.currentToken() != JsonToken.VALUE_NULL) {
                    JsonFields.expect(p, JsonToken.START_ARRAY, "\"images\"");
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        entries.add(entry(p));
                    }
                } else {
                    p.skipChildren();
                }
            }
            return entries;
        }
    }

    private static CatalogueEntry entry(JsonParser p) throws IOException {
        JsonFields.expect(p, JsonToken.START_OBJECT, "an image");
        String name = null;
        String family = null;
        String distribution = null;
        String release = null;
        String packageManager = null;
        String notes = null;
        List<String> aliases = null;
        List<ImageSource> sources = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "name" -> name = JsonFields.string(p, field);
                case "family" -> family = JsonFields.string(p, field);
                case "distribution" -> distribution = JsonFields.string(p, field);
                case "release" -> release = JsonFields.string(p, field);
                case "packageManager" -> packageManager = JsonFields.string(p, field);
                case "notes" -> notes = JsonFields.string(p, field);
                case "aliases" -> aliases = JsonFields.strings(p, field);
                case "sources" -> {
                    if (p.currentToken() != JsonToken.VALUE_NULL) {
                        JsonFields.expect(p, JsonToken.START_ARRAY, "\"sources\"");
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            sources.add(source(p));
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new CatalogueEntry(name, family, distribution, release, packageManager, sources, notes, aliases);
    }

    private static ImageSource source(JsonParser p) throws IOException {
        JsonFields.expect(p, JsonToken.START_OBJECT, "a source");
        String type = null;
        String reference = null;
        String url = null;
        String tool = null;
        String suite = null;
        String mirror = null;
        List<String> aptOptions = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "type" -> type = JsonFields.string(p, field);
                case "reference" -> reference = JsonFields.string(p, field);
                case "url" -> url = JsonFields.string(p, field);
                case "tool" -> tool = JsonFields.string(p, field);
                case "suite" -> suite = JsonFields.string(p, field);
                case "mirror" -> mirror = JsonFields.string(p, field);
                case "aptOptions" -> aptOptions = JsonFields.strings(p, field);
                default -> p.skipChildren();
            }
        }
        if (type == null) {
            throw new JsonParseException(p, "a source without \"type\": use docker, tarball or bootstrap");
        }
        return switch (type) {
            case "docker" -> new ImageSource.Docker(reference);
            case "tarball" -> new ImageSource.Tarball(url);
            case "bootstrap" -> new ImageSource.Bootstrap(tool, suite, mirror, aptOptions);
            default -> throw new JsonParseException(p, "unknown source type \"" + type
                    + "\": use docker, tarball or bootstrap");
        };
    }
}

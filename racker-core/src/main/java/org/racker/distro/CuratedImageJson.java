package org.racker.distro;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.racker.json.JsonFields;

/**
 * A curated image's {@code image.json}, read by every probe and {@code racker run NAME}:
 * streamed (see {@link JsonFields}), in the layout an ObjectMapper would write, unknown
 * fields skipped.
 */
final class CuratedImageJson {
    private CuratedImageJson() { }

    static CuratedImage read(InputStream in) throws IOException {
        try (JsonParser p = JsonFields.FACTORY.createParser(in)) {
            p.nextToken();
            JsonFields.expect(p, JsonToken.START_OBJECT, "a curated image");
            String name = null;
            String distribution = null;
            String release = null;
            String packageManager = null;
            String source = null;
            String sourceDetail = null;
            String pulled = null;
            List<String> provisioning = null;
            List<String> maskedUnits = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "name" -> name = JsonFields.string(p, field);
                    case "distribution" -> distribution = JsonFields.string(p, field);
                    case "release" -> release = JsonFields.string(p, field);
                    case "packageManager" -> packageManager = JsonFields.string(p, field);
                    case "source" -> source = JsonFields.string(p, field);
                    case "sourceDetail" -> sourceDetail = JsonFields.string(p, field);
                    case "pulled" -> pulled = JsonFields.string(p, field);
                    case "provisioning" -> provisioning = JsonFields.strings(p, field);
                    case "maskedUnits" -> maskedUnits = JsonFields.strings(p, field);
                    default -> p.skipChildren();
                }
            }
            return new CuratedImage(name, distribution, release, packageManager, source, sourceDetail, pulled,
                    provisioning, maskedUnits);
        }
    }

    static void write(CuratedImage image, OutputStream out) throws IOException {
        try (JsonGenerator g = JsonFields.FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("name", image.name());
            g.writeStringField("distribution", image.distribution());
            g.writeStringField("release", image.release());
            g.writeStringField("packageManager", image.packageManager());
            g.writeStringField("source", image.source());
            g.writeStringField("sourceDetail", image.sourceDetail());
            g.writeStringField("pulled", image.pulled());
            JsonFields.writeStrings(g, "provisioning", image.provisioning());
            JsonFields.writeStrings(g, "maskedUnits", image.maskedUnits());
            g.writeEndObject();
        }
    }
}

package org.racker.registry;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.racker.image.json.ImageJson;

/**
 * Parses the JSON of an auth file for both its readers, pulls ({@link CredentialStore}) and
 * login/logout ({@link RegistryLogin}), with one rule for errors: Jackson's messages quote the
 * source around the error, which in an auth file is a base64 "user:password", so a parse error
 * is reported as the file and the line and column only.
 */
final class AuthFileJson {
    private AuthFileJson() { }

    /** The file's top-level object; {@code content} is what was read from {@code file}. */
    static ObjectNode parse(Path file, byte[] content) throws MalformedAuthFileException {
        JsonNode root;
        try {
            root = ImageJson.mapper().readTree(content);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new MalformedAuthFileException(file, "is not valid JSON"
                    + (at == null || at.getLineNr() < 0 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new MalformedAuthFileException(file, "is not valid JSON");
        }
        if (root == null || root.isMissingNode()) {
            return ImageJson.mapper().createObjectNode(); // an empty file holds no credentials
        }
        if (!(root instanceof ObjectNode object)) {
            throw new MalformedAuthFileException(file, "is not a JSON object");
        }
        return object;
    }
}

package org.racker.registry;

import java.nio.file.Path;

/**
 * An auth file (containers-auth.json(5), docker's config.json) exists but cannot be used. The
 * message names the file and where in it, never its content, which is base64 credentials; no
 * cause is kept, as a JSON parser's exception quotes the text around the error.
 */
public final class MalformedAuthFileException extends RegistryException {
    private final Path file;

    MalformedAuthFileException(Path file, String problem) {
        super("auth file " + file + " " + problem + "; fix it or remove it");
        this.file = file;
    }

    public Path file() {
        return file;
    }
}

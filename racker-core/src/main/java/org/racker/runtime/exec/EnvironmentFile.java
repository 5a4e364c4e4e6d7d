package org.racker.runtime.exec;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.racker.InvalidArgumentException;

/**
 * A file of variables for {@code --env-file}, in docker's format: {@code NAME=VALUE} a line,
 * the value taken as it stands (no quotes removed, no expansion), {@code NAME} alone for the
 * host's value, blank lines and lines starting with {@code #} ignored. Each entry reads as an
 * {@code -e} argument would, so a later {@code -e} of the same name wins.
 */
public final class EnvironmentFile {
    /** Files past this size are not environment files. */
    private static final long LIMIT = 1 << 20;

    private EnvironmentFile() { }

    /** The file's entries, each in {@code -e} form, in order. */
    public static List<String> entries(Path file) throws InvalidArgumentException {
        List<String> lines;
        try {
            if (Files.size(file) > LIMIT) {
                throw new InvalidArgumentException("--env-file " + file + " is larger than " + LIMIT + " bytes");
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidArgumentException("--env-file " + file + " does not exist");
        } catch (MalformedInputException e) {
            throw new InvalidArgumentException("--env-file " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new InvalidArgumentException("cannot read --env-file " + file + ": " + e.getMessage());
        }
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.stripLeading();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String name = trimmed.split("=", 2)[0];
            if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
                throw new InvalidArgumentException("--env-file " + file + " line " + (i + 1) + ": \""
                        + name.strip() + "\" is not a variable name (NAME=VALUE or NAME)");
            }
            entries.add(trimmed);
        }
        return entries;
    }
}

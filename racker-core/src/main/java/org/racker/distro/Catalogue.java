package org.racker.distro;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.racker.InvalidArgumentException;

/**
 * The curated images: the built-in list (catalogue.json, data, not code) plus the user's
 * own entries from {@code *.json} files in config directories, later files overriding
 * earlier entries of the same name.
 */
public final class Catalogue {
    /** Where users add or override entries, lowest precedence first. */
    public static final List<Path> DEFAULT_CONFIG_DIRS = List.of(
            Path.of("/etc/racker/images.d"),
            Path.of(System.getProperty("user.home"), ".config", "racker", "images.d"));

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Map<String, CatalogueEntry> entries;

    private Catalogue(Map<String, CatalogueEntry> entries) {
        this.entries = entries;
    }

    public static Catalogue load() throws InvalidArgumentException {
        return load(DEFAULT_CONFIG_DIRS);
    }

    public static Catalogue load(List<Path> configDirs) throws InvalidArgumentException {
        Map<String, CatalogueEntry> entries = new LinkedHashMap<>();
        try (InputStream in = Catalogue.class.getResourceAsStream("catalogue.json")) {
            addAll(entries, JSON.readValue(in, File.class), "the built-in catalogue");
        } catch (IOException e) {
            throw new IllegalStateException("the built-in catalogue is unreadable", e);
        }
        for (Path dir : configDirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> list = Files.newDirectoryStream(dir, "*.json")) {
                list.forEach(files::add);
            } catch (IOException e) {
                throw new InvalidArgumentException("cannot read image definitions in " + dir + ": " + e.getMessage());
            }
            files.sort(null);
            for (Path file : files) {
                try {
                    addAll(entries, JSON.readValue(file.toFile(), File.class), file.toString());
                } catch (IOException e) {
                    throw new InvalidArgumentException("invalid image definitions in " + file + ": "
                            + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage())
                            + "; fix or remove the file");
                }
            }
        }
        return new Catalogue(entries);
    }

    private static void addAll(Map<String, CatalogueEntry> entries, File file, String origin)
            throws InvalidArgumentException {
        for (CatalogueEntry e : file.images()) {
            if (e.name() == null || !e.name().matches("[a-z0-9][a-z0-9._-]*")) {
                throw new InvalidArgumentException("invalid image name \"" + e.name() + "\" in " + origin
                        + ": use lower-case letters, digits, '.', '_' and '-'");
            }
            try {
                e.manager();
            } catch (IllegalArgumentException ex) {
                throw new InvalidArgumentException("image " + e.name() + " in " + origin + ": " + ex.getMessage());
            }
            if (e.sources().isEmpty()) {
                throw new InvalidArgumentException("image " + e.name() + " in " + origin + " lists no sources");
            }
            entries.put(e.name(), e);
        }
    }

    public Collection<CatalogueEntry> all() {
        return entries.values();
    }

    public Optional<CatalogueEntry> find(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /** The file format: {@code {"images": [...]}}. */
    record File(List<CatalogueEntry> images) {
        File {
            images = images == null ? List.of() : images;
        }
    }
}

package org.racker.distro;

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
            addAll(entries, CatalogueJson.read(in), "the built-in catalogue");
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
                try (InputStream in = Files.newInputStream(file)) {
                    addAll(entries, CatalogueJson.read(in), file.toString());
                } catch (IOException e) {
                    throw new InvalidArgumentException("invalid image definitions in " + file + ": "
                            + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
                                    + (j.getLocation() == null ? "" : " (line " + j.getLocation().getLineNr() + ", column "
                                    + j.getLocation().getColumnNr() + ")") : e.getMessage())
                            + "; fix or remove the file");
                }
            }
        }
        return new Catalogue(entries);
    }

    private static void addAll(Map<String, CatalogueEntry> entries, List<CatalogueEntry> file, String origin)
            throws InvalidArgumentException {
        for (CatalogueEntry e : file) {
            for (String name : names(e)) {
                if (name == null || !name.matches("[a-z0-9][a-z0-9._-]*")) {
                    throw new InvalidArgumentException("invalid image name \"" + name + "\" in " + origin
                            + ": use lower-case letters, digits, '.', '_' and '-'");
                }
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

    /**
     * The entry of this name or alias. A name wins over another entry's alias, so an entry a
     * user adds under a name the built-in list uses as an alias is the one found.
     */
    public Optional<CatalogueEntry> find(String name) {
        CatalogueEntry entry = entries.get(name);
        if (entry != null) {
            return Optional.of(entry);
        }
        return entries.values().stream().filter(e -> e.aliases().contains(name)).reduce((first, later) -> later);
    }

    /**
     * The apt options of the entries for the release {@code os} is (the same distribution and
     * release; Debian's unstable has no VERSION_ID and a PRETTY_NAME ending in {@code /sid}):
     * what a root of that release needs from the entry's mirror, wherever the root came from.
     */
    public List<String> aptOptionsFor(OsRelease os) {
        String release = os.versionId().isEmpty() && os.prettyName().endsWith("/sid") ? "unstable" : os.versionId();
        return entries.values().stream()
                .filter(e -> e.distribution() != null && e.distribution().equalsIgnoreCase(os.id()))
                .filter(e -> release.equals(e.release()))
                .flatMap(e -> e.aptOptions().stream()).distinct().toList();
    }

    private static List<String> names(CatalogueEntry e) {
        List<String> names = new ArrayList<>();
        names.add(e.name());
        names.addAll(e.aliases());
        return names;
    }
}

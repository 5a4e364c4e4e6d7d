package org.racker.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.racker.image.ImageReference;

/**
 * Mirrors, insecure and blocked registries from containers-registries.conf(5)
 * (https://github.com/containers/image/blob/main/docs/containers-registries.conf.5.md), the
 * subset that pulling by fully qualified reference needs:
 *
 * <pre>
 * [[registry]]                      # version 2
 * prefix = "docker.io"              # host[:port][/path], or *.domain; defaults to location
 * location = "mirror.internal/hub"  # where the prefix is rewritten to
 * insecure = false                  # plain HTTP allowed, TLS not verified
 * blocked = false
 * mirror-by-digest-only = false     # mirrors only for name@digest
 * [[registry.mirror]]
 * location = "localhost:5000/hub"
 * insecure = true
 * pull-from-mirror = "all"          # or "digest-only", "tag-only"
 *
 * [registries.insecure]             # version 1
 * registries = ["registry.lan:5000"]
 * [registries.block]
 * registries = ["evil.example"]
 * </pre>
 *
 * Files are read as containers/image reads them: {@code $CONTAINERS_REGISTRIES_CONF}, else
 * {@code ~/.config/containers/registries.conf} when it exists, else
 * {@code /etc/containers/registries.conf}; then the drop-ins {@code *.conf} of
 * {@code /etc/containers/registries.conf.d} and {@code ~/.config/containers/registries.conf.d}
 * in name order, where a [[registry]] with a prefix already seen replaces it. The longest
 * matching prefix decides. Search registries and short-name aliases are not used: racker
 * qualifies short names the docker way (docker.io), not by search.
 */
public final class RegistriesConfig {
    /** Loaded on first use: most hosts' files are comments only, and Jackson's TOML costs start-up time. */
    private static final class Toml {
        static final TomlMapper MAPPER = new TomlMapper();
    }

    /** A table header line: [NAME...] or [[NAME...]], NAME bare or quoted; group 1 is NAME. */
    private static final Pattern TABLE_HEADER =
            Pattern.compile("^\\[\\[?\\s*[\"']?([A-Za-z0-9_-]+)[\"']?\\s*(\\.[^\\]]*)?\\]\\]?\\s*(#.*)?$");
    /** A key line of the root table setting {@code registry} or {@code registries}. */
    private static final Pattern REGISTRIES_KEY = Pattern.compile("^[\"']?registr(y|ies)[\"']?\\s*[.=]");

    /** One [[registry]] table. */
    private record Registry(String prefix, String location, boolean insecure, boolean blocked,
            boolean mirrorByDigestOnly, List<Mirror> mirrors) {
    }

    /** One [[registry.mirror]] table. */
    private record Mirror(String location, boolean insecure, String pullFromMirror) {
    }

    private final Map<String, Registry> registries;

    private RegistriesConfig(Map<String, Registry> registries) {
        this.registries = registries;
    }

    /** No configuration: every reference is pulled from its own registry, verified TLS. */
    public static RegistriesConfig empty() {
        return new RegistriesConfig(Map.of());
    }

    /** The files containers/image reads, from this process's environment. */
    public static RegistriesConfig loadDefault() throws RegistriesConfigException {
        Path home = Path.of(System.getProperty("user.home"));
        String override = System.getenv("CONTAINERS_REGISTRIES_CONF");
        Path userMain = home.resolve(".config/containers/registries.conf");
        Path main = override != null && !override.isEmpty() ? Path.of(override)
                : Files.exists(userMain) ? userMain : Path.of("/etc/containers/registries.conf");
        return load(main, List.of(Path.of("/etc/containers/registries.conf.d"),
                home.resolve(".config/containers/registries.conf.d")));
    }

    /**
     * {@code mainFile} then the {@code *.conf} files of each of {@code dropInDirs}; missing
     * files and directories are skipped.
     */
    public static RegistriesConfig load(Path mainFile, List<Path> dropInDirs) throws RegistriesConfigException {
        Map<String, Registry> merged = new LinkedHashMap<>();
        readInto(merged, mainFile);
        for (Path dir : dropInDirs) {
            List<Path> dropIns = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.conf")) {
                entries.forEach(dropIns::add);
            } catch (NoSuchFileException | NotDirectoryException e) {
                continue;
            } catch (IOException e) {
                throw new RegistriesConfigException("cannot list " + dir + ": " + e.getMessage(), e);
            }
            dropIns.sort(null);
            for (Path dropIn : dropIns) {
                readInto(merged, dropIn);
            }
        }
        return new RegistriesConfig(merged);
    }

    /** Parses one file's content; {@code source} names it in errors. */
    public static RegistriesConfig parse(String toml, String source) throws RegistriesConfigException {
        Map<String, Registry> registries = new LinkedHashMap<>();
        parseInto(registries, toml, source);
        return new RegistriesConfig(registries);
    }

    private static void readInto(Map<String, Registry> into, Path file) throws RegistriesConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new RegistriesConfigException("cannot read " + file + ": " + e.getMessage(), e);
        }
        parseInto(into, text, file.toString());
    }

    /**
     * Whether the file may set anything racker reads: a {@code registry} or
     * {@code registries} key in the root table, or a table of that name. Other tables, such
     * as the short-name {@code [aliases]} (whose keys may well be "registry"), do not count.
     * A line starting with "[" that is not plainly a table header (a multi-line array, say)
     * makes the answer yes: then the file is simply parsed.
     */
    static boolean mentionsRegistries(String toml) {
        boolean rootTable = true;
        for (String line : toml.split("\n", -1)) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            if (text.startsWith("[")) {
                Matcher header = TABLE_HEADER.matcher(text);
                if (!header.matches() || header.group(1).startsWith("registr")) {
                    return true;
                }
                rootTable = false;
            } else if (rootTable && REGISTRIES_KEY.matcher(text).lookingAt()) {
                return true;
            }
        }
        return false;
    }

    private static void parseInto(Map<String, Registry> into, String toml, String source)
            throws RegistriesConfigException {
        if (!mentionsRegistries(toml)) {
            // Debian's and Fedora's stock files: comments only, or short-name aliases
            // (shortnames.conf), which racker does not use. Jackson's TOML parser would
            // spend about 150 ms of start-up on them.
            return;
        }
        JsonNode root;
        try {
            root = Toml.MAPPER.readTree(toml);
        } catch (IOException e) {
            throw new RegistriesConfigException(source + " is not valid TOML: " + e.getMessage(), e);
        }
        if (root == null) {
            return;
        }
        JsonNode tables = root.path("registry");
        if (!tables.isMissingNode() && !tables.isArray()) {
            throw malformed(source, "\"registry\" must be an array of tables ([[registry]])");
        }
        for (JsonNode table : tables) {
            Registry registry = registry(table, source);
            into.put(registry.prefix(), registry);
        }
        // Version 1 lists: each name becomes (or amends) a registry of that prefix.
        for (String name : stringList(root.path("registries").path("insecure").path("registries"), source)) {
            Registry r = into.getOrDefault(name, new Registry(name, name, false, false, false, List.of()));
            into.put(name, new Registry(r.prefix(), r.location(), true, r.blocked(), r.mirrorByDigestOnly(), r.mirrors()));
        }
        for (String name : stringList(root.path("registries").path("block").path("registries"), source)) {
            Registry r = into.getOrDefault(name, new Registry(name, name, false, false, false, List.of()));
            into.put(name, new Registry(r.prefix(), r.location(), r.insecure(), true, r.mirrorByDigestOnly(), r.mirrors()));
        }
    }

    private static Registry registry(JsonNode table, String source) throws RegistriesConfigException {
        String location = stripScheme(text(table, "location", source));
        String prefix = stripScheme(text(table, "prefix", source));
        if (prefix == null || prefix.isEmpty()) {
            prefix = location;
        }
        if (prefix == null || prefix.isEmpty()) {
            throw malformed(source, "a [[registry]] needs a prefix or a location");
        }
        if (prefix.startsWith("*.") && location != null && !location.isEmpty()) {
            throw malformed(source, "[[registry]] prefix \"" + prefix + "\": a wildcard prefix takes no location");
        }
        List<Mirror> mirrors = new ArrayList<>();
        for (JsonNode mirror : table.path("mirror")) {
            String mirrorLocation = stripScheme(text(mirror, "location", source));
            if (mirrorLocation == null || mirrorLocation.isEmpty()) {
                throw malformed(source, "a mirror of \"" + prefix + "\" has no location");
            }
            String pull = text(mirror, "pull-from-mirror", source);
            pull = pull == null || pull.isEmpty() ? "all" : pull;
            if (!List.of("all", "digest-only", "tag-only").contains(pull)) {
                throw malformed(source, "mirror \"" + mirrorLocation + "\": pull-from-mirror must be"
                        + " \"all\", \"digest-only\" or \"tag-only\", not \"" + pull + "\"");
            }
            mirrors.add(new Mirror(mirrorLocation, bool(mirror, "insecure", source), pull));
        }
        return new Registry(prefix, location, bool(table, "insecure", source), bool(table, "blocked", source),
                bool(table, "mirror-by-digest-only", source), List.copyOf(mirrors));
    }

    /**
     * Where to pull {@code reference} from, in order: the mirrors that apply, then the
     * registry itself (possibly relocated by a prefix rule).
     *
     * @throws RegistryBlockedException when the matching rule blocks it
     */
    public List<RegistryEndpoint> endpointsFor(ImageReference reference) throws RegistryBlockedException {
        Registry match = null;
        int best = -1;
        for (Registry registry : registries.values()) {
            int length = matchLength(registry.prefix(), reference);
            if (length > best) {
                best = length;
                match = registry;
            }
        }
        if (match == null) {
            return List.of(RegistryEndpoint.of(reference));
        }
        if (match.blocked()) {
            throw new RegistryBlockedException("pulling " + reference + " is blocked by registries.conf"
                    + " (the [[registry]] with prefix \"" + match.prefix() + "\")");
        }
        boolean byDigest = reference.digest().isPresent();
        List<RegistryEndpoint> endpoints = new ArrayList<>();
        for (Mirror mirror : match.mirrors()) {
            boolean applies = switch (mirror.pullFromMirror()) {
                case "digest-only" -> byDigest;
                case "tag-only" -> !byDigest;
                default -> !match.mirrorByDigestOnly() || byDigest;
            };
            if (applies) {
                endpoints.add(rewrite(match, mirror.location(), reference, mirror.insecure(), true));
            }
        }
        String location = match.prefix().startsWith("*.") || match.location() == null || match.location().isEmpty()
                ? null : match.location();
        endpoints.add(rewrite(match, location, reference, match.insecure(), false));
        return List.copyOf(endpoints);
    }

    /**
     * Where {@code racker login REGISTRY} checks credentials: the registry itself, as podman
     * logs in, never a mirror or a relocated prefix, since the credentials are the registry's
     * and a mirror is someone else; only the {@code insecure} of the [[registry]] whose prefix
     * is that host (or a {@code *.} wildcard over it) applies.
     */
    public RegistryEndpoint loginEndpoint(String registry) {
        Registry match = null;
        int best = -1;
        String host = registry.toLowerCase(Locale.ROOT);
        int colon = host.lastIndexOf(':');
        String hostOnly = colon > 0 && !host.endsWith("]") ? host.substring(0, colon) : host;
        for (Registry candidate : registries.values()) {
            String prefix = candidate.prefix().toLowerCase(Locale.ROOT);
            boolean matches = prefix.startsWith("*.") ? hostOnly.endsWith(prefix.substring(1)) : prefix.equals(host);
            if (matches && prefix.length() > best) {
                best = prefix.length();
                match = candidate;
            }
        }
        return new RegistryEndpoint(registry, "", match != null && match.insecure(), false);
    }

    /**
     * How many characters of the prefix match, or -1. A plain prefix matches at a path boundary
     * of registry/repository (so "example.com/foo" matches "example.com/foo/bar", not
     * "example.com/foobar") or the whole reference with its tag or digest; "*.example.com"
     * matches any host under example.com.
     */
    static int matchLength(String prefix, ImageReference reference) {
        if (prefix.startsWith("*.")) {
            String host = reference.registry().toLowerCase(Locale.ROOT);
            int colon = host.lastIndexOf(':');
            if (colon > 0 && !host.endsWith("]")) {
                host = host.substring(0, colon);
            }
            return host.endsWith(prefix.substring(1)) ? prefix.length() : -1;
        }
        String name = reference.name();
        if (name.equals(prefix) || name.startsWith(prefix + "/")) {
            return prefix.length();
        }
        String full = reference.toString();
        if (full.equals(prefix) || reference.tag().map(t -> (name + ":" + t).equals(prefix)).orElse(false)
                || reference.digest().map(d -> (name + "@" + d).equals(prefix)).orElse(false)) {
            return prefix.length();
        }
        return -1;
    }

    /** The endpoint for {@code reference} with the matched prefix replaced by {@code location}. */
    private static RegistryEndpoint rewrite(Registry match, String location, ImageReference reference,
            boolean insecure, boolean mirror) {
        String name = reference.name();
        String rewritten;
        if (location == null) {
            rewritten = name;
        } else if (name.startsWith(match.prefix()) && !match.prefix().startsWith("*.")) {
            rewritten = location + name.substring(Math.min(match.prefix().length(), name.length()));
        } else {
            rewritten = location; // the prefix named a tag or digest: the location is the repository
        }
        int slash = rewritten.indexOf('/');
        String registry = slash < 0 ? rewritten : rewritten.substring(0, slash);
        String repository = slash < 0 ? reference.repository() : rewritten.substring(slash + 1);
        if (registry.equals("index.docker.io")) {
            registry = ImageReference.DOCKER_HUB;
        }
        return new RegistryEndpoint(registry, repository, insecure, mirror);
    }

    private static String text(JsonNode table, String key, String source) throws RegistriesConfigException {
        JsonNode value = table.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw malformed(source, "\"" + key + "\" must be a string");
        }
        return value.asText();
    }

    private static boolean bool(JsonNode table, String key, String source) throws RegistriesConfigException {
        JsonNode value = table.get(key);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw malformed(source, "\"" + key + "\" must be true or false");
        }
        return value.asBoolean();
    }

    private static List<String> stringList(JsonNode node, String source) throws RegistriesConfigException {
        if (node.isMissingNode()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw malformed(source, "registries lists must be arrays of strings");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw malformed(source, "registries lists must be arrays of strings");
            }
            names.add(stripScheme(item.asText()));
        }
        return names;
    }

    /** containers/image tolerates (and drops) a scheme in locations and prefixes. */
    private static String stripScheme(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        for (String scheme : List.of("http://", "https://")) {
            if (v.startsWith(scheme)) {
                v = v.substring(scheme.length());
            }
        }
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        return v;
    }

    private static RegistriesConfigException malformed(String source, String why) {
        return new RegistriesConfigException(source + ": " + why, null);
    }
}

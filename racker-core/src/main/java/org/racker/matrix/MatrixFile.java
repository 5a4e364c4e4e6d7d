package org.racker.matrix;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.racker.InvalidArgumentException;
import org.racker.probe.CommandCheck;

/**
 * Reads a matrix file (YAML, or JSON, which YAML reads too). Every mistake is one line naming
 * the file and the line or field, so a user fixes it without guessing:
 *
 * <pre>
 * images: [debian-bookworm, "fedora-*"]
 * packages:
 *   - name: webfs
 *     deb: https://example.org/webfs_1.21_amd64.deb
 *     rpm: https://example.org/webfs-1.21.x86_64.rpm
 *     checks:                 # this package's own, added to the matrix's
 *       units: [webfs.service]
 * checks:
 *   units: [webfs.service]
 *   endpoints: ["http://localhost:8000/"]
 *   expect-status: 200
 *   commands:
 *     - run: webfsd -h
 *       status: 0
 *       output: usage
 * timeout: 300
 * network: private            # or, instead, vm: true (every cell in a QEMU VM)
 * </pre>
 */
public final class MatrixFile {
    /** Files past this size are not matrices. */
    private static final long LIMIT = 1 << 20;

    private MatrixFile() { }

    public static MatrixSpec read(Path file) throws InvalidArgumentException {
        byte[] content;
        try {
            if (Files.size(file) > LIMIT) {
                throw new InvalidArgumentException("matrix file " + file + " is larger than " + LIMIT + " bytes");
            }
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidArgumentException("matrix file " + file + " does not exist");
        } catch (IOException e) {
            throw new InvalidArgumentException("cannot read matrix file " + file + ": " + e.getMessage());
        }
        return parse(file.toString(), content);
    }

    static MatrixSpec parse(String name, byte[] content) throws InvalidArgumentException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
        Raw raw;
        try {
            raw = new String(content, StandardCharsets.UTF_8).isBlank() ? null : yaml.readValue(content, Raw.class);
        } catch (JsonMappingException e) {
            throw new InvalidArgumentException(name + where(e, content) + field(e) + ": " + reason(e));
        } catch (JsonProcessingException e) {
            throw new InvalidArgumentException(name + where(e.getLocation()) + ": not YAML: " + reason(e));
        } catch (IOException e) {
            throw new InvalidArgumentException("cannot read matrix file " + name + ": " + e.getMessage());
        }
        if (raw == null) {
            throw new InvalidArgumentException(name + ": the matrix file is empty; it needs at least images:");
        }
        return validate(name, raw);
    }

    private static MatrixSpec validate(String file, Raw raw) throws InvalidArgumentException {
        if (raw.images == null || raw.images.isEmpty()) {
            throw new InvalidArgumentException(file + ": images: name at least one curated image or glob"
                    + " (e.g. images: [debian-bookworm, \"fedora-*\"])");
        }
        for (int i = 0; i < raw.images.size(); i++) {
            String image = raw.images.get(i);
            if (image == null || !image.matches("[a-z0-9*?][a-z0-9.*?_-]*")) {
                throw new InvalidArgumentException(file + ": images[" + i + "]: " + quoted(image)
                        + " is not an image name or glob (lower-case letters, digits, '.', '_', '-', '*', '?')");
            }
        }
        List<MatrixSpec.PackageEntry> packages = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<RawPackage> rawPackages = raw.packages == null ? List.of() : raw.packages;
        for (int i = 0; i < rawPackages.size(); i++) {
            RawPackage p = rawPackages.get(i);
            String at = file + ": packages[" + i + "]";
            if (p == null || p.name == null || !p.name.matches("[A-Za-z0-9][A-Za-z0-9.+_-]*")) {
                throw new InvalidArgumentException(at + ".name: give each package a name (letters, digits, '.', '+',"
                        + " '_', '-'); it names the package's row in the reports");
            }
            if (!names.add(p.name)) {
                throw new InvalidArgumentException(at + ".name: " + p.name + " is named twice");
            }
            if (p.file == null && p.deb == null && p.rpm == null) {
                throw new InvalidArgumentException(at + ": " + p.name + " needs file:, or deb: and/or rpm:");
            }
            if (p.file != null && (p.deb != null || p.rpm != null)) {
                throw new InvalidArgumentException(at + ": " + p.name + " has file: and deb:/rpm:; give one or the other");
            }
            source(at + ".file", p.file, null);
            source(at + ".deb", p.deb, ".deb");
            source(at + ".rpm", p.rpm, ".rpm");
            packages.add(new MatrixSpec.PackageEntry(p.name, p.file, p.deb, p.rpm,
                    checks(file, "packages[" + i + "].checks", p.checks)));
        }
        MatrixSpec.Checks checks = checks(file, "checks", raw.checks);
        int timeout = raw.timeout == null ? MatrixSpec.DEFAULT_TIMEOUT : raw.timeout;
        if (timeout <= 0) {
            throw new InvalidArgumentException(file + ": timeout: must be a positive number of seconds");
        }
        String network = raw.network == null ? "private" : raw.network;
        if (!Set.of("private", "host", "slirp4netns").contains(network)) {
            throw new InvalidArgumentException(file + ": network: " + network + " is not a network; use private or host");
        }
        boolean vm = raw.vm != null && raw.vm;
        if (vm && raw.network != null) {
            throw new InvalidArgumentException(file + ": network: a VM has its own network (QEMU's user mode):"
                    + " leave out network: where vm: is true");
        }
        return new MatrixSpec(raw.images, packages, checks, timeout, network, vm);
    }

    private static MatrixSpec.Checks checks(String file, String at, RawChecks raw) throws InvalidArgumentException {
        if (raw == null) {
            return MatrixSpec.Checks.none();
        }
        List<String> units = raw.units == null ? List.of() : raw.units;
        for (int i = 0; i < units.size(); i++) {
            if (units.get(i) == null || units.get(i).isBlank() || units.get(i).matches(".*[\\s/].*")) {
                throw new InvalidArgumentException(file + ": " + at + ".units[" + i + "]: " + quoted(units.get(i))
                        + " is not a unit name");
            }
        }
        List<String> endpoints = raw.endpoints == null ? List.of() : raw.endpoints;
        for (int i = 0; i < endpoints.size(); i++) {
            String e = endpoints.get(i);
            if (!validEndpoint(e)) {
                throw new InvalidArgumentException(file + ": " + at + ".endpoints[" + i + "]: " + quoted(e)
                        + " is not an endpoint; use tcp://HOST:PORT, http://... or https://...");
            }
        }
        List<CommandCheck> commands = new ArrayList<>();
        List<RawCommand> rawCommands = raw.commands == null ? List.of() : raw.commands;
        for (int i = 0; i < rawCommands.size(); i++) {
            RawCommand c = rawCommands.get(i);
            if (c == null || c.run == null || c.run.isBlank()) {
                throw new InvalidArgumentException(file + ": " + at + ".commands[" + i + "].run: give the command to run");
            }
            int status = c.status == null ? 0 : c.status;
            if (status < 0 || status > 255) {
                throw new InvalidArgumentException(file + ": " + at + ".commands[" + i + "].status: " + status
                        + " is not an exit status (0-255)");
            }
            commands.add(new CommandCheck(c.run, status, c.output));
        }
        if (raw.expectStatus != null && (raw.expectStatus < 100 || raw.expectStatus > 599)) {
            throw new InvalidArgumentException(file + ": " + at + ".expect-status: " + raw.expectStatus
                    + " is not an HTTP status");
        }
        int networkTimeout = raw.networkTimeout == null ? 5 : raw.networkTimeout;
        if (networkTimeout <= 0) {
            throw new InvalidArgumentException(file + ": " + at + ".network-timeout: must be a positive number of seconds");
        }
        return new MatrixSpec.Checks(units, endpoints, commands, raw.expectStatus, networkTimeout);
    }

    private static void source(String at, String value, String suffix) throws InvalidArgumentException {
        if (value == null) {
            return;
        }
        if (value.contains("://") && !value.startsWith("http://") && !value.startsWith("https://")) {
            throw new InvalidArgumentException(at + ": " + value + ": only http(s) URLs and local paths are supported");
        }
        String path = value.replaceAll("[?#].*$", "");
        if (suffix != null && !path.endsWith(suffix)) {
            throw new InvalidArgumentException(at + ": " + value + " is not a " + suffix + " file");
        }
        if (suffix == null && !path.endsWith(".deb") && !path.endsWith(".rpm")) {
            throw new InvalidArgumentException(at + ": " + value + " is neither a .deb nor an .rpm");
        }
    }

    static boolean validEndpoint(String endpoint) {
        if (endpoint == null) {
            return false;
        }
        try {
            URI uri = URI.create(endpoint);
            String scheme = uri.getScheme();
            return scheme != null && List.of("tcp", "http", "https").contains(scheme) && uri.getHost() != null
                    && (!scheme.equals("tcp") || uri.getPort() >= 0);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The line of a mapping mistake. Jackson reads a record's fields ahead before it builds it,
     * so an unknown field is reported after its value, or without a place: look it up instead.
     */
    private static String where(JsonMappingException e, byte[] content) {
        if (e instanceof UnrecognizedPropertyException u) {
            Pattern key = Pattern.compile("^[\\s-]*\"?" + Pattern.quote(u.getPropertyName()) + "\"?\\s*:");
            List<String> lines = new String(content, StandardCharsets.UTF_8).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                if (key.matcher(lines.get(i)).find()) {
                    return ":" + (i + 1);
                }
            }
        }
        return where(e.getLocation());
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? "" : ":" + location.getLineNr();
    }

    private static String field(JsonMappingException e) {
        String path = e.getPath().stream().map(r -> r.getFieldName() != null ? "." + r.getFieldName()
                : "[" + r.getIndex() + "]").collect(Collectors.joining());
        return path.isEmpty() ? "" : ": " + path.substring(path.startsWith(".") ? 1 : 0);
    }

    /** Jackson's message without its source excerpt and location, which the line number replaces. */
    private static String reason(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field " + u.getPropertyName() + " (known: " + u.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", ")) + ")";
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mi && mi.getTargetType() != null) {
            return "expected " + describe(mi.getTargetType());
        }
        return m.lines().findFirst().orElse(m).replaceAll(" \\(for Object starting at.*$", "");
    }

    private static String describe(Class<?> type) {
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type == Integer.class || type == int.class) {
            return "a whole number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        return "a mapping of fields";
    }

    private static String quoted(String s) {
        return s == null ? "(nothing)" : "\"" + s + "\"";
    }

    private record Raw(List<String> images, List<RawPackage> packages, RawChecks checks, Integer timeout,
            String network, Boolean vm) { }

    private record RawPackage(String name, String file, String deb, String rpm, RawChecks checks) { }

    private record RawChecks(List<String> units, List<String> endpoints, List<RawCommand> commands,
            @JsonProperty("expect-status") Integer expectStatus,
            @JsonProperty("network-timeout") Integer networkTimeout) { }

    private record RawCommand(String run, Integer status, String output) { }
}

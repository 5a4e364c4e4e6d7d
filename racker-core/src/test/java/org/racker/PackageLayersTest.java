package org.racker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * racker-core's packages form layers a reader can trust: each imports only packages below it,
 * so there is no cycle. A new package takes its place in {@link #LAYERS}.
 */
class PackageLayersTest {
    /** Bottom first; a package may import those before it (and the base package org.racker). */
    private static final List<String> LAYERS = List.of(
            "nativeio", "host", "json", "fs", "output", "image", "layer", "download", "registry", "store", "state",
            "runtime", "distro", "vm", "api", "probe", "matrix", "autopkgtest");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?org\\.racker\\.([a-z]+)\\.", Pattern.MULTILINE);
    private static final Path SOURCES = Path.of("src/main/java/org/racker");

    @Test
    void everyPackageImportsOnlyLayersBelowIt() throws IOException {
        Map<String, Set<String>> imports = imports();
        assertThat(LAYERS).as("packages of racker-core, each in a layer").containsExactlyInAnyOrderElementsOf(imports.keySet());
        List<String> upward = new ArrayList<>();
        imports.forEach((pkg, used) -> {
            for (String other : used) {
                if (LAYERS.indexOf(other) >= LAYERS.indexOf(pkg)) {
                    upward.add(pkg + " imports " + other);
                }
            }
        });
        assertThat(upward).isEmpty();
    }

    @Test
    void theBasePackageImportsNoLayer() throws IOException {
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                assertThat(IMPORT.matcher(Files.readString(file)).find()).as(file.toString()).isFalse();
            }
        }
    }

    private static Map<String, Set<String>> imports() throws IOException {
        Map<String, Set<String>> imports = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path dir = SOURCES.relativize(file.getParent());
                if (dir.toString().isEmpty()) {
                    continue;
                }
                String pkg = dir.getName(0).toString();
                Set<String> used = imports.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        used.add(m.group(1));
                    }
                }
            }
        }
        return imports;
    }
}

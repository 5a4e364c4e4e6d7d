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
 * racker-core's packages form layers a reader can trust: each uses only packages below it,
 * so there is no cycle. A new package, a subpackage included, takes its place in {@link #LAYERS}.
 */
class PackageLayersTest {
    /**
     * Bottom first; a package may import those before it (and the base package org.racker).
     * The runtime's subpackages sit where the runtime sat as one package: the host side of a
     * container's processes first, its lifecycle (the runtime package itself) on top of the others.
     */
    private static final List<String> LAYERS = List.of(
            "nativeio", "host", "json", "fs", "output", "image", "image.json", "layer", "download", "registry", "store",
            "state", "runtime.process", "runtime.files", "runtime.network", "runtime.exec", "runtime.logs",
            "runtime.boot", "runtime", "distro", "vm", "api", "probe", "matrix", "autopkgtest");
    /** An import or a fully qualified name of a class of another package. */
    private static final Pattern REFERENCE = Pattern.compile("(?<![\\w.])org\\.racker\\.((?:[a-z]+\\.)*[a-z]+)\\.[A-Z]");
    private static final Path SOURCES = Path.of("src/main/java/org/racker");

    @Test
    void everyPackageImportsOnlyLayersBelowIt() throws IOException {
        Map<String, Set<String>> imports = imports();
        assertThat(LAYERS).as("packages of racker-core, each in a layer").containsExactlyInAnyOrderElementsOf(imports.keySet());
        assertThat(upward(imports)).isEmpty();
    }

    @Test
    void aSubpackageUsingItsParentIsNamed() {
        Map<String, Set<String>> imports = new TreeMap<>(Map.of(
                "runtime.exec", Set.of("runtime.process", "runtime"),
                "runtime.process", Set.of("state")));
        assertThat(upward(imports)).containsExactly("runtime.exec imports runtime");
    }

    @Test
    void packagesImportEachOtherInNoCycle() throws IOException {
        assertThat(cycle(imports())).isEmpty();
    }

    @Test
    void aCycleIsFoundAndNamed() {
        Map<String, Set<String>> imports = new TreeMap<>(Map.of(
                "runtime", Set.of("runtime.exec"),
                "runtime.exec", Set.of("runtime.network"),
                "runtime.network", Set.of("runtime"),
                "state", Set.of()));
        assertThat(cycle(imports)).containsExactly("runtime", "runtime.exec", "runtime.network", "runtime");
    }

    @Test
    void theBasePackageImportsNoLayer() throws IOException {
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                assertThat(REFERENCE.matcher(Files.readString(file)).find()).as(file.toString()).isFalse();
            }
        }
    }

    private static List<String> upward(Map<String, Set<String>> imports) {
        List<String> upward = new ArrayList<>();
        imports.forEach((pkg, used) -> {
            for (String other : used) {
                if (LAYERS.indexOf(other) >= LAYERS.indexOf(pkg)) {
                    upward.add(pkg + " imports " + other);
                }
            }
        });
        return upward;
    }

    /** The first cycle of imports found, from its package back to it; empty when there is none. */
    private static List<String> cycle(Map<String, Set<String>> imports) {
        Set<String> done = new TreeSet<>();
        for (String pkg : imports.keySet()) {
            List<String> found = cycleFrom(pkg, imports, new ArrayList<>(), done);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> cycleFrom(String pkg, Map<String, Set<String>> imports, List<String> path,
            Set<String> done) {
        int seen = path.indexOf(pkg);
        if (seen >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
            cycle.add(pkg);
            return cycle;
        }
        if (done.contains(pkg)) {
            return List.of();
        }
        path.add(pkg);
        for (String other : imports.getOrDefault(pkg, Set.of())) {
            List<String> found = cycleFrom(other, imports, path, done);
            if (!found.isEmpty()) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        done.add(pkg);
        return List.of();
    }

    /** What each package imports of the others, by package name below org.racker ("runtime.exec"). */
    private static Map<String, Set<String>> imports() throws IOException {
        Map<String, Set<String>> imports = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path dir = SOURCES.relativize(file.getParent());
                if (dir.toString().isEmpty()) {
                    continue;
                }
                String pkg = dir.toString().replace('/', '.');
                Set<String> used = imports.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(Files.readString(file));
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

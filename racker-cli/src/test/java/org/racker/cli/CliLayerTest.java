package org.racker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The command line is a skin over racker-core's public API: its classes use the API
 * (org.racker.api), the layers built on it (probe, matrix, autopkgtest), the JSON helpers and
 * the base package, never the runtime, the stores or the distributions below the API.
 */
class CliLayerTest {
    private static final Set<String> API_AND_ABOVE = Set.of("api", "probe", "matrix", "autopkgtest", "json", "cli");
    private static final Pattern REFERENCE = Pattern.compile("(?<![\\w.])org\\.racker\\.((?:[a-z]+\\.)*[a-z]+)\\.[A-Z]");
    private static final Path SOURCES = Path.of("src/main/java/org/racker/cli");

    @Test
    void commandsUseTheApiNotWhatIsBelowIt() throws IOException {
        Map<String, Set<String>> below = new TreeMap<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Set<String> used = new TreeSet<>();
                Matcher m = REFERENCE.matcher(Files.readString(file));
                while (m.find()) {
                    String pkg = m.group(1);
                    if (!API_AND_ABOVE.contains(pkg.split("\\.")[0])) {
                        used.add(pkg);
                    }
                }
                if (!used.isEmpty()) {
                    below.put(file.getFileName().toString().replace(".java", ""), used);
                }
            }
        }
        assertThat(below).as("CLI classes and the packages below the API they use").isEmpty();
    }
}

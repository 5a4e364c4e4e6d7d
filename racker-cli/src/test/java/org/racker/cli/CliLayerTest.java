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
 * {@link #NOT_YET} names the classes that still reach below it, with what they use: it only
 * shrinks.
 */
class CliLayerTest {
    private static final Set<String> API_AND_ABOVE = Set.of("api", "probe", "matrix", "autopkgtest", "json", "cli");
    private static final Pattern REFERENCE = Pattern.compile("(?<![\\w.])org\\.racker\\.((?:[a-z]+\\.)*[a-z]+)\\.[A-Z]");
    private static final Path SOURCES = Path.of("src/main/java/org/racker/cli");

    private static final Map<String, Set<String>> NOT_YET = Map.ofEntries(
            Map.entry("AutopkgtestVirtCommand", Set.of("runtime.boot", "runtime.network")),
            Map.entry("CompletionCommand", Set.of("distro", "state", "store")),
            Map.entry("ContainerArgs", Set.of("runtime", "state")),
            Map.entry("ContainerFilters", Set.of("image", "state")),
            Map.entry("CpCommand", Set.of("runtime.files", "state", "vm")),
            Map.entry("ImageInspectCommand", Set.of("distro", "image.json", "store")),
            Map.entry("ImagesCommand", Set.of("distro", "image", "store")),
            Map.entry("InfoCommand", Set.of("host")),
            Map.entry("InspectCommand", Set.of("distro", "runtime.network", "state")),
            Map.entry("ListImagesCommand", Set.of("distro")),
            Map.entry("LoginCommand", Set.of("registry")),
            Map.entry("LogoutCommand", Set.of("registry")),
            Map.entry("LogsCommand", Set.of("output", "runtime", "state")),
            Map.entry("MatrixListCommand", Set.of("distro")),
            Map.entry("MatrixRunCommand", Set.of("distro", "download", "fs", "host", "runtime.network")),
            Map.entry("NativeLibraryFile", Set.of("fs")),
            Map.entry("PackageFiles", Set.of("download")),
            Map.entry("PkgprobeCommand", Set.of("distro", "download", "fs", "runtime.network")),
            Map.entry("PortCommand", Set.of("runtime.network", "state")),
            Map.entry("PostrojPullCommand", Set.of("distro")),
            Map.entry("Preload", Set.of("nativeio")),
            Map.entry("ProbeBootProfileOption", Set.of("runtime.boot")),
            Map.entry("ProbeNetworkOption", Set.of("host", "runtime.network")),
            Map.entry("ProbeVmOption", Set.of("fs", "host", "runtime", "runtime.network", "vm")),
            Map.entry("Pruning", Set.of("distro", "runtime", "state", "store")),
            Map.entry("PsCommand", Set.of("runtime", "state")),
            Map.entry("PsRow", Set.of("runtime.exec", "runtime.network", "state")),
            Map.entry("PullCommand", Set.of("distro", "image", "store")),
            Map.entry("PullProgressPrinter", Set.of("image.json", "store")),
            Map.entry("RmCommand", Set.of("runtime", "state")),
            Map.entry("RmiCommand", Set.of("distro", "state", "store")),
            Map.entry("SelftestCommand", Set.of("distro", "runtime.network")));

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
        below.forEach((type, used) -> assertThat(NOT_YET.getOrDefault(type, Set.of()))
                .as("%s uses %s below the API", type, used).containsAll(used));
    }
}

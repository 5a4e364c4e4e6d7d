package org.racker.cli.it;

import org.racker.testing.TestRootfs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * postroj matrix over two curated Debian images (the test's bookworm root, registered twice)
 * and three packages built here: a socket-activated service that passes, a service that fails
 * on purpose, and a package only for the rpm families (skipped on Debian). Run whole, then in
 * three shards one after the other, then in more shards than cells: the merged reports agree.
 */
@Tag("integration")
class MatrixIT {
    @TempDir
    static Path shared;

    static Path root;
    static Path catalogue;
    static Path matrix;
    static TestFileServer http;

    @BeforeAll
    static void images() throws Exception {
        root = shared.resolve("state");
        catalogue = Files.createDirectories(shared.resolve("images.d"));
        Path tarball = TestRootfs.bookwormTarball();
        http = new TestFileServer(Map.of("/bookworm.tar.gz", tarball));
        String base = http.base();
        StringBuilder entries = new StringBuilder();
        for (String name : List.of("mx-deb-a", "mx-deb-b")) {
            entries.append(entries.length() == 0 ? "" : ",").append("""
                    {"name": "NAME", "family": "debian", "distribution": "Debian", "release": "12",
                     "packageManager": "apt", "sources": [{"type": "tarball", "url": "BASE/bookworm.tar.gz"}]}
                    """.replace("NAME", name).replace("BASE", base));
        }
        Files.writeString(catalogue.resolve("mx.json"), "{\"images\": [" + entries + "]}");
        Path echo = TestPackages.serviceDeb(shared, "racker-mx-echo", 19201, false);
        Path broken = TestPackages.serviceDeb(shared, "racker-mx-broken", 0, true);
        matrix = Files.writeString(shared.resolve("matrix.yaml"), """
                images: ["mx-deb-*"]
                packages:
                  - name: echo
                    file: ECHO
                    checks:
                      units: [racker-mx-echo.socket]
                      endpoints: ["tcp://localhost:19201"]
                  - name: broken
                    deb: BROKEN
                    checks:
                      units: [racker-mx-broken]
                  - name: rpm-only
                    rpm: /srv/nothing-here.rpm
                checks:
                  commands:
                    - run: cat /etc/debian_version
                      output: "12."
                timeout: 300
                """.replace("ECHO", echo.toString()).replace("BROKEN", broken.toString()));
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.close();
        }
    }

    static RackerProcess.Result postroj(String... args) {
        RackerProcess.Result r = new RackerProcess(root).postroj()
                .withEnv(Map.of("RACKER_IMAGES_D", catalogue.toString())).run(args);
        assertThat(HostLeaks.underStateRoot(root)).as("no container left running").isEmpty();
        return r;
    }

    @Test
    void shardsRunOneAfterTheOtherReportWhatTheWholeRunReports(@TempDir Path out) throws Exception {
        Path whole = Files.createDirectories(out.resolve("whole"));
        RackerProcess.Result all = postroj("matrix", "run", "--parallel", "2", "--report-dir", whole.toString(),
                matrix.toString());
        assertThat(all.exitCode()).as(all.toString()).isEqualTo(1);
        assertThat(all.stdout()).contains("shard 1/1 of matrix.yaml: 6 of 6 cells")
                .contains("PACKAGE   mx-deb-a  mx-deb-b")
                .contains("broken    FAIL      FAIL").contains("echo      pass      pass")
                .contains("rpm-only  skip      skip")
                .contains("6 cells: 2 passed, 2 failed, 2 skipped, 0 missing");
        JsonNode report = new ObjectMapper().readTree(whole.resolve("matrix-1-of-1.json").toFile());
        Map<String, String> outcomes = outcomes(report.get("results"));
        assertThat(outcomes).containsEntry("mx-deb-a/echo", "PASSED").containsEntry("mx-deb-b/broken", "FAILED")
                .containsEntry("mx-deb-a/rpm-only", "SKIPPED").hasSize(6);
        JsonNode echo = find(report.get("results"), "mx-deb-a/echo");
        assertThat(echo.get("provenance").asText()).contains("bookworm.tar.gz");
        assertThat(echo.get("checks").findValuesAsText("name")).contains("unit racker-mx-echo.socket",
                "network tcp://localhost:19201", "command cat /etc/debian_version");
        assertThat(echo.get("installed").get("racker-mx-echo").asText()).isEqualTo("1.0");
        assertThat(echo.get("journal").isNull()).as("no journal when every check passed").isTrue();
        JsonNode broken = find(report.get("results"), "mx-deb-b/broken");
        assertThat(broken.toString()).contains("starting racker-mx-broken and failing");
        assertThat(broken.get("journal").asText()).as("the container's journal tail").contains("racker-mx-broken");
        assertThat(find(report.get("results"), "mx-deb-a/rpm-only").get("reason").asText())
                .isEqualTo("no package of rpm-only for mx-deb-a, which installs .deb packages (apt)");
        assertThat(Files.readString(whole.resolve("matrix-1-of-1.xml"))).contains("tests=\"6\" failures=\"2\"");

        List<String> shardReports = new ArrayList<>();
        int cellsRun = 0;
        for (int k = 1; k <= 3; k++) {
            Path dir = Files.createDirectories(out.resolve("shard" + k));
            RackerProcess.Result shard = postroj("matrix", "run", "--shard", k + "/3", "--report-dir", dir.toString(),
                    matrix.toString());
            assertThat(shard.exitCode()).as(shard.toString()).isIn(0, 1);
            Path file = dir.resolve("matrix-" + k + "-of-3.json");
            cellsRun += new ObjectMapper().readTree(file.toFile()).get("results").size();
            shardReports.add(file.toString());
        }
        assertThat(cellsRun).as("each cell in one shard").isEqualTo(6);
        Path mergedJson = out.resolve("merged.json");
        List<String> args = new ArrayList<>(List.of("matrix", "report", "--json", mergedJson.toString(),
                "--junit", out.resolve("merged.xml").toString()));
        args.addAll(shardReports);
        RackerProcess.Result merged = postroj(args.toArray(String[]::new));
        assertThat(merged.exitCode()).as(merged.toString()).isEqualTo(1);
        assertThat(merged.stdout()).contains("6 cells: 2 passed, 2 failed, 2 skipped, 0 missing");
        assertThat(outcomes(new ObjectMapper().readTree(mergedJson.toFile()).get("results"))).isEqualTo(outcomes);
        assertThat(Files.readString(out.resolve("merged.xml"))).contains("tests=\"6\" failures=\"2\"");

        // a shard missing from the merge is named with its cells, and fails it
        RackerProcess.Result partial = postroj("matrix", "report", shardReports.get(0), shardReports.get(2));
        assertThat(partial.exitCode()).isEqualTo(1);
        assertThat(partial.stdout()).contains("missing shard 2/3");
    }

    @Test
    void moreShardsThanCellsLeaveEmptyShardsThatStillReport(@TempDir Path out) throws Exception {
        RackerProcess.Result list = postroj("matrix", "list", "--shard", "1/1", matrix.toString());
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.stdout().lines().skip(1).count()).isEqualTo(6);
        int empty = 0;
        for (int k = 1; k <= 10; k++) {
            RackerProcess.Result cells = postroj("matrix", "list", "--shard", k + "/10", matrix.toString());
            if (cells.stdout().lines().skip(1).findAny().isEmpty()) {
                empty++;
                RackerProcess.Result run = postroj("matrix", "run", "--shard", k + "/10", "--report-dir",
                        out.toString(), matrix.toString());
                assertThat(run.exitCode()).as(run.toString()).isZero();
                assertThat(run.stdout()).contains("0 of 6 cells");
            }
        }
        assertThat(empty).isGreaterThanOrEqualTo(4);
    }

    @Test
    void aBadMatrixFileIsOneLineNamingTheLineAndNothingRuns(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "images: [\"mx-deb-*\"]\npackages:\n  - name: x\n"
                + "    debb: /tmp/x.deb\n");
        RackerProcess.Result r = postroj("matrix", "run", "--report-dir", dir.toString(), bad.toString());
        assertThat(r.exitCode()).isEqualTo(125);
        assertThat(r.stderr()).isEqualTo("postroj: " + bad + ":4: packages[0].debb: unknown field debb (known: checks,"
                + " deb, file, name, rpm)\n");
        RackerProcess.Result glob = postroj("matrix", "run", "--report-dir", dir.toString(),
                Files.writeString(dir.resolve("glob.yaml"), "images: [\"mx-deb-a\", \"nothing-*\"]\n").toString());
        assertThat(glob.exitCode()).isEqualTo(125);
        assertThat(glob.stderr()).isEqualTo("postroj: images: nothing-* matches no curated image"
                + " (postroj list-images lists them)\n");
        RackerProcess.Result shard = postroj("matrix", "run", "--shard", "4/3", matrix.toString());
        assertThat(shard.exitCode()).isEqualTo(125);
        assertThat(shard.stderr()).startsWith("postroj: invalid shard 4/3");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsOnly("bad.yaml", "glob.yaml");
        }
    }

    private static Map<String, String> outcomes(JsonNode results) {
        Map<String, String> m = new TreeMap<>();
        results.forEach(r -> m.put(r.get("key").asText(), r.get("status").asText()));
        return m;
    }

    private static JsonNode find(JsonNode results, String key) {
        for (JsonNode r : results) {
            if (r.get("key").asText().equals(key)) {
                return r;
            }
        }
        throw new AssertionError("no result for " + key + " in " + results);
    }
}

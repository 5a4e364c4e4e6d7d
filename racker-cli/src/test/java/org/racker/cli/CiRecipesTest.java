package org.racker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.racker.distro.Catalogue;
import org.racker.distro.CatalogueEntry;
import org.racker.matrix.MatrixCells;
import org.racker.matrix.MatrixFile;
import org.racker.matrix.MatrixSpec;

/** The matrix documentation and CI recipes hold what racker reads: their files and commands parse. */
class CiRecipesTest {
    static final Path DOCS = Path.of("..", "docs");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void githubActionsRunsEveryShardAndMergesThem() throws Exception {
        JsonNode flow = YAML.readTree(DOCS.resolve("ci/github-actions.yml").toFile());
        int shards = flow.at("/jobs/probe/strategy/matrix/shard").size();
        assertThat(shards).isEqualTo(3);
        List<String> runs = flow.findValuesAsText("run");
        assertCommandsParse(runs, 2);
        assertThat(String.join("\n", runs)).contains("--shard ${{ matrix.shard }}/" + shards)
                .contains("-of-" + shards + ".json");
    }

    @Test
    void gitlabRunsParallelJobsThatFindTheirShard() throws Exception {
        JsonNode ci = YAML.readTree(DOCS.resolve("ci/gitlab-ci.yml").toFile());
        int parallel = ci.at("/probe/parallel").asInt();
        List<String> lines = new ArrayList<>();
        ci.at("/probe/script").forEach(n -> lines.add(n.asText()));
        ci.at("/report/script").forEach(n -> lines.add(n.asText()));
        assertCommandsParse(lines, 2);
        assertThat(String.join("\n", lines)).doesNotContain("--shard").contains("-of-" + parallel + ".json");
    }

    @Test
    void kubernetesIndexedJobTellsThePodsTheTotal() throws Exception {
        JsonNode job = YAML.readTree(DOCS.resolve("ci/kubernetes-indexed-job.yaml").toFile());
        assertThat(job.at("/spec/completionMode").asText()).isEqualTo("Indexed");
        JsonNode container = job.at("/spec/template/spec/containers/0");
        assertThat(container.at("/securityContext/privileged").asBoolean()).isTrue();
        assertThat(container.at("/env/0/name").asText()).isEqualTo("RACKER_SHARD_TOTAL");
        assertThat(container.at("/env/0/value").asInt()).isEqualTo(job.at("/spec/completions").asInt());
        List<String> command = new ArrayList<>();
        container.get("command").forEach(n -> command.add(n.asText()));
        assertThat(command.get(0)).isEqualTo("postroj");
        CommandModels.postroj().parseArgs(command.subList(1, command.size()).toArray(String[]::new));
    }

    @Test
    void theRecipesMatrixReadsAndNamesCuratedImages() throws Exception {
        MatrixSpec spec = MatrixFile.read(DOCS.resolve("ci/matrix.yaml"));
        List<String> names = Catalogue.load(List.of()).all().stream().map(CatalogueEntry::name).toList();
        assertThat(MatrixCells.of(spec, names)).hasSize(spec.packages().size() * 3);
    }

    @Test
    void theDocumentedExampleUsesEveryFieldOfTheSchemaAndReads() throws Exception {
        String doc = Files.readString(DOCS.resolve("matrix.md"));
        Matcher block = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(block.find()).isTrue();
        Path example = Files.writeString(Files.createTempFile("matrix", ".yaml"), block.group(1));
        try {
            MatrixFile.read(example);
            JsonNode schema = new ObjectMapper().readTree(DOCS.resolve("matrix.schema.json").toFile());
            Set<String> fields = new TreeSet<>();
            collectProperties(schema, fields);
            Set<String> used = new TreeSet<>();
            collectKeys(YAML.readTree(example.toFile()), used);
            assertThat(used).isEqualTo(fields);
        } finally {
            Files.delete(example);
        }
    }

    /** The postroj (and racker) command lines among {@code lines} parse; at least {@code expected} of them. */
    private static void assertCommandsParse(List<String> lines, int expected) {
        int found = 0;
        for (String line : lines) {
            for (String part : line.split("\\|\\||&&|;")) {
                List<String> words = new ArrayList<>(Arrays.asList(part.trim()
                        .replace("${{ matrix.shard }}", "1").split("\\s+")));
                if (!words.isEmpty() && words.get(0).equals("sudo")) {
                    words.remove(0);
                }
                if (words.isEmpty() || !words.get(0).equals("postroj")) {
                    continue;
                }
                CommandModels.postroj().parseArgs(words.subList(1, words.size()).toArray(String[]::new));
                found++;
            }
        }
        assertThat(found).isGreaterThanOrEqualTo(expected);
    }

    private static void collectProperties(JsonNode node, Set<String> into) {
        if (node.isObject()) {
            JsonNode props = node.get("properties");
            if (props != null) {
                props.fieldNames().forEachRemaining(into::add);
            }
            node.elements().forEachRemaining(child -> collectProperties(child, into));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collectProperties(child, into));
        }
    }

    private static void collectKeys(JsonNode node, Set<String> into) {
        if (node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                into.add(key);
                collectKeys(node.get(key), into);
            }
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collectKeys(child, into));
        }
    }
}

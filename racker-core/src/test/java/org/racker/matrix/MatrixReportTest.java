package org.racker.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.racker.InvalidArgumentException;
import org.racker.probe.CheckResult;

class MatrixReportTest {
    @TempDir
    Path dir;

    static final List<MatrixCell> CELLS = List.of(new MatrixCell("deb-a", "p1"), new MatrixCell("deb-a", "p2"),
            new MatrixCell("deb-b", "p1"), new MatrixCell("deb-b", "p2"), new MatrixCell("rpm-c", "p1"));

    private static CellResult result(MatrixCell c) {
        if (c.image().startsWith("rpm")) {
            return CellResult.skipped(c, "no package of p1 for rpm-c");
        }
        boolean ok = !c.key().equals("deb-b/p2");
        return new CellResult(c.key(), c.image(), c.pkg(), ok ? CellResult.Status.PASSED : CellResult.Status.FAILED,
                null, "bootstrap", List.of(new CheckResult("unit x", ok, 12, ok ? "active" : "unit x is failed")), 40,
                java.util.Map.of(c.pkg(), "1.0"), ok ? null : "x.service: failed");
    }

    private static ShardReport shard(int k, int n) {
        List<String> keys = CELLS.stream().map(MatrixCell::key).toList();
        return new ShardReport("m.yaml", "sha256:1", new Shard(k, n), keys,
                MatrixCells.of(CELLS, new Shard(k, n)).stream().map(MatrixReportTest::result).toList());
    }

    @Test
    void shardsReadBackAndMergeIntoWhatOneRunReports() throws Exception {
        List<ShardReport> read = new ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            Path file = dir.resolve("s" + k + ".json");
            MatrixReport.writeJson(shard(k, 3), file);
            read.add(MatrixReport.readJson(file));
        }
        MatrixReport merged = MatrixReport.merge(read);
        MatrixReport whole = MatrixReport.merge(List.of(shard(1, 1)));
        assertThat(merged.results()).isEqualTo(whole.results());
        assertThat(merged.missing()).isEmpty();
        assertThat(merged.failed()).isTrue();
        assertThat(table(merged)).isEqualTo(table(whole)).contains("PACKAGE  deb-a    deb-b    rpm-c\n")
                .contains("p1       pass     pass     skip\n").contains("p2       pass     FAIL     -\n")
                .contains("failed  deb-b/p2: unit x: unit x is failed")
                .contains("5 cells: 3 passed, 1 failed, 1 skipped, 0 missing");
    }

    @Test
    void aMissingShardIsNamedWithItsCells() throws Exception {
        int n = 3;
        int emptyShards = 0;
        List<ShardReport> given = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
            if (k != 2) {
                given.add(shard(k, n));
            }
        }
        MatrixReport merged = MatrixReport.merge(given);
        List<String> ofTwo = MatrixCells.of(CELLS, new Shard(2, n)).stream().map(MatrixCell::key).toList();
        assertThat(merged.missing()).containsOnlyKeys(new Shard(2, n));
        assertThat(merged.missing().get(new Shard(2, n))).isEqualTo(ofTwo);
        assertThat(merged.failed()).isTrue();
        assertThat(table(merged)).contains("missing shard 2/3 (" + ofTwo.size() + " cells");
        Path junit = dir.resolve("merged.xml");
        merged.writeJunit(junit);
        assertThat(Files.readString(junit)).contains("shard 2/3 sent no report");
        assertThat(emptyShards).isZero();
    }

    @Test
    void moreShardsThanCellsLeaveSomeEmptyAndTheMergeWhole() throws Exception {
        List<ShardReport> many = new ArrayList<>();
        for (int k = 1; k <= 12; k++) {
            many.add(shard(k, 12));
        }
        assertThat(many.stream().filter(r -> r.results().isEmpty()).count()).isGreaterThanOrEqualTo(7);
        assertThat(MatrixReport.merge(many).results()).isEqualTo(MatrixReport.merge(List.of(shard(1, 1))).results());
    }

    @Test
    void reportsThatDoNotBelongTogetherAreRefused() throws Exception {
        ShardReport other = new ShardReport("n.yaml", "sha256:2", new Shard(2, 2), shard(2, 2).cells(), List.of());
        assertThatThrownBy(() -> MatrixReport.merge(List.of(shard(1, 2), other)))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("different matrices");
        assertThatThrownBy(() -> MatrixReport.merge(List.of(shard(1, 2), shard(1, 3))))
                .hasMessageContaining("split the matrix differently");
        assertThatThrownBy(() -> MatrixReport.merge(List.of(shard(1, 2), shard(1, 2)))).hasMessage("shard 1/2 is given twice");
        Path junk = Files.writeString(dir.resolve("junk.json"), "{\"x\": 1}");
        assertThatThrownBy(() -> MatrixReport.readJson(junk)).hasMessageContaining("is not a shard report");
        assertThatThrownBy(() -> MatrixReport.readJson(dir.resolve("none.json"))).hasMessageContaining("does not exist");
    }

    @Test
    void junitHasOneCaseACellWithFailuresAndSkips() throws Exception {
        Path junit = dir.resolve("all.xml");
        MatrixReport.merge(List.of(shard(1, 1))).writeJunit(junit);
        String xml = Files.readString(junit);
        assertThat(xml).contains("tests=\"5\" failures=\"1\" errors=\"0\" skipped=\"1\"")
                .contains("<testcase classname=\"deb-b\" name=\"p2\"").contains("<failure message=\"unit x: unit x is failed\"")
                .contains("<skipped message=\"no package of p1 for rpm-c\"/>");
    }

    private static String table(MatrixReport report) {
        StringWriter s = new StringWriter();
        report.printTable(new PrintWriter(s));
        return s.toString();
    }
}

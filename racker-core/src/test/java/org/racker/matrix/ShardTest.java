package org.racker.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.racker.InvalidArgumentException;

class ShardTest {
    @Test
    void everyCellIsInExactlyOneShard() {
        List<MatrixCell> cells = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            cells.add(new MatrixCell("image-" + (i % 20), "pkg-" + i));
        }
        for (int n = 1; n <= 7; n++) {
            Map<MatrixCell, Integer> owners = new HashMap<>();
            for (int k = 1; k <= n; k++) {
                for (MatrixCell c : MatrixCells.of(cells, new Shard(k, n))) {
                    assertThat(owners.put(c, k)).as(c + " in two shards").isNull();
                }
            }
            assertThat(owners).hasSize(cells.size());
        }
    }

    @Test
    void addingACellMovesNoOther() {
        List<MatrixCell> before = List.of(new MatrixCell("a", "x"), new MatrixCell("b", "x"), new MatrixCell("c", "y"));
        List<MatrixCell> after = new ArrayList<>(before);
        after.add(0, new MatrixCell("0-new", "z"));
        for (int k = 1; k <= 3; k++) {
            List<MatrixCell> then = MatrixCells.of(before, new Shard(k, 3));
            List<MatrixCell> now = new ArrayList<>(MatrixCells.of(after, new Shard(k, 3)));
            now.remove(new MatrixCell("0-new", "z"));
            assertThat(now).isEqualTo(then);
        }
    }

    @Test
    void theSplitIsSpreadAndTheSameEverywhere() {
        assertThat(Shard.shardOf("debian-bookworm/webfs", 3)).isEqualTo(Shard.shardOf("debian-bookworm/webfs", 3));
        int[] counts = new int[4];
        for (int i = 0; i < 400; i++) {
            counts[Shard.shardOf("cell-" + i, 4) - 1]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(60, 140);
        }
    }

    @Test
    void shardsComeFromTheOptionOrTheCiEnginesVariables() throws Exception {
        assertThat(Shard.parse("2/3")).isEqualTo(new Shard(2, 3));
        for (String bad : List.of("0/3", "4/3", "1/0", "a/b", "1", "1/2/3", "-1/2")) {
            assertThatThrownBy(() -> Shard.parse(bad)).isInstanceOf(InvalidArgumentException.class)
                    .hasMessage("invalid shard " + bad + ": use K/N with 1 <= K <= N, e.g. 2/3");
        }
        assertThat(Shard.fromEnvironment(Map.of("CI_NODE_INDEX", "2", "CI_NODE_TOTAL", "5"))).contains(new Shard(2, 5));
        assertThat(Shard.fromEnvironment(Map.of("JOB_COMPLETION_INDEX", "0", "RACKER_SHARD_TOTAL", "4")))
                .contains(new Shard(1, 4));
        assertThatThrownBy(() -> Shard.fromEnvironment(Map.of("JOB_COMPLETION_INDEX", "0")))
                .hasMessageContaining("RACKER_SHARD_TOTAL");
        assertThat(Shard.fromEnvironment(Map.of())).isEmpty();
    }
}

package org.racker.matrix;

import java.util.List;

/**
 * What one shard ran, with what it needs to be merged with the others: the whole matrix's
 * cells (so a merge names the cells of a shard that never reported) and the matrix's digest
 * (so reports of different matrices are not mixed).
 */
public record ShardReport(String matrix, String matrixDigest, Shard shard, List<String> cells,
        List<CellResult> results) {
    public ShardReport {
        cells = List.copyOf(cells);
        results = List.copyOf(results);
    }
}

package org.racker.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.racker.api.Images;
import org.racker.matrix.MatrixCell;
import org.racker.matrix.MatrixCells;
import org.racker.matrix.MatrixFile;
import org.racker.matrix.MatrixSpec;
import org.racker.matrix.Shard;
import picocli.CommandLine.Model.CommandSpec;

/** {@code postroj matrix list FILE}: the cells and the shard each belongs to, without running anything. */
public final class MatrixListCommand implements Callable<Integer> {
    private final MatrixCommand parent;
    Path file;
    private final MatrixShardOption shardOption = new MatrixShardOption();

    MatrixListCommand(MatrixCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        return shardOption.declareOn(CommandModel.of(this, "list", "List the cells of a matrix file (of one shard with"
                        + " --shard) and the shard of each.")
                .add(CommandModel.positional(Path.class, v -> file = v).index("0").paramLabel("FILE")
                        .description("The matrix file (YAML or JSON).")))
                .spec();
    }

    @Override
    public Integer call() throws Exception {
        MatrixSpec spec = MatrixFile.read(file);
        Shard shard = shardOption.resolve();
        List<MatrixCell> cells = MatrixCells.of(MatrixCells.of(spec, Images.curatedNames()), shard);
        PrintWriter out = parent.spec.commandLine().getOut();
        out.println("CELL" + " ".repeat(Math.max(1, width(cells) - 2)) + "SHARD");
        for (MatrixCell cell : cells) {
            out.println(cell.key() + " ".repeat(Math.max(2, width(cells) + 2 - cell.key().length()))
                    + Shard.shardOf(cell.key(), shard.total()) + "/" + shard.total());
        }
        out.flush();
        return 0;
    }

    private static int width(List<MatrixCell> cells) {
        return cells.stream().mapToInt(c -> c.key().length()).max().orElse(4);
    }
}

package org.racker.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.racker.distro.Catalogue;
import org.racker.distro.CatalogueDirs;
import org.racker.distro.CatalogueEntry;
import org.racker.matrix.MatrixCell;
import org.racker.matrix.MatrixCells;
import org.racker.matrix.MatrixFile;
import org.racker.matrix.MatrixSpec;
import org.racker.matrix.Shard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/** {@code postroj matrix list FILE}: the cells and the shard each belongs to, without running anything. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the cells of a matrix file (of one shard with --shard) and the shard of each.")
public final class MatrixListCommand implements Callable<Integer> {
    @ParentCommand
    MatrixCommand parent;

    @Parameters(paramLabel = "FILE", description = "The matrix file (YAML or JSON).")
    Path file;

    @Mixin
    MatrixShardOption shardOption;

    @Override
    public Integer call() throws Exception {
        MatrixSpec spec = MatrixFile.read(file);
        Shard shard = shardOption.resolve();
        List<MatrixCell> cells = MatrixCells.of(MatrixCells.of(spec,
                Catalogue.load(CatalogueDirs.fromEnvironment()).all().stream().map(CatalogueEntry::name).toList()),
                shard);
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

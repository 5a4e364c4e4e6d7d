package org.racker.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.racker.matrix.MatrixReport;
import org.racker.matrix.ShardReport;
import picocli.CommandLine.Model.CommandSpec;

/** {@code postroj matrix report SHARD-REPORTS...}: the shards' reports merged into one. */
public final class MatrixReportCommand implements Callable<Integer> {
    private final MatrixCommand parent;
    List<Path> reports = new ArrayList<>();
    Path junit;
    Path json;

    MatrixReportCommand(MatrixCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        return CommandModel.of(this, "report", "Merge the JSON reports of a matrix's shards: one table, and one"
                        + " JUnit XML and JSON file.")
                .unsorted()
                .footer("", "Exit status: 0 when every shard reported and no cell failed, 1 when a cell failed or a"
                        + " shard's report is missing, 125 when the reports cannot be merged (unreadable, of different"
                        + " matrices).")
                .add(CommandModel.positionals(Path.class, v -> reports = v).arity("1..*").paramLabel("REPORT")
                        .description("The matrix-K-of-N.json of each shard."))
                .add(CommandModel.option(Path.class, v -> junit = v, "--junit").paramLabel("FILE")
                        .description("Write the merged report as JUnit XML."))
                .add(CommandModel.option(Path.class, v -> json = v, "--json").paramLabel("FILE")
                        .description("Write the merged report as JSON."))
                .spec();
    }

    @Override
    public Integer call() throws Exception {
        List<ShardReport> shards = new ArrayList<>();
        for (Path r : reports) {
            shards.add(MatrixReport.readJson(r));
        }
        MatrixReport merged = MatrixReport.merge(shards);
        if (junit != null) {
            merged.writeJunit(junit);
        }
        if (json != null) {
            merged.writeMergedJson(json);
        }
        PrintWriter out = parent.spec.commandLine().getOut();
        merged.printTable(out);
        return merged.failed() ? ExitCodes.CHECK_FAILED : 0;
    }
}

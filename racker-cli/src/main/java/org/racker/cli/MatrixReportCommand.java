package org.racker.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.racker.matrix.MatrixReport;
import org.racker.matrix.ShardReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/** {@code postroj matrix report SHARD-REPORTS...}: the shards' reports merged into one. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Merge the JSON reports of a matrix's shards: one table, and one JUnit XML and JSON file.",
        footer = {"", "Exit status: 0 when every shard reported and no cell failed, 1 when a cell failed or a shard's"
                + " report is missing, 125 when the reports cannot be merged (unreadable, of different matrices)."})
public final class MatrixReportCommand implements Callable<Integer> {
    @ParentCommand
    MatrixCommand parent;

    @Parameters(paramLabel = "REPORT", arity = "1..*", description = "The matrix-K-of-N.json of each shard.")
    List<Path> reports = new ArrayList<>();

    @Option(names = "--junit", paramLabel = "FILE", description = "Write the merged report as JUnit XML.")
    Path junit;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the merged report as JSON.")
    Path json;

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

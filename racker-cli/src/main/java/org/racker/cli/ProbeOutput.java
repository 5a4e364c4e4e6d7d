package org.racker.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.racker.probe.ProbeReport;
import org.racker.probe.ReportWriter;

/** The report options selftest and pkgprobe share, and how their exit status is decided. */
public final class ProbeOutput {
    Path json;

    Path junit;

    CommandModel declareOn(CommandModel command) {
        return command
                .add(CommandModel.option(Path.class, v -> json = v, "--json").paramLabel("FILE")
                        .description("Write the report as JSON."))
                .add(CommandModel.option(Path.class, v -> junit = v, "--junit").paramLabel("FILE")
                        .description("Write the report as JUnit XML."));
    }

    /** Writes the reports and the summary; returns how many failed. */
    long write(List<ProbeReport> reports, PrintWriter out) throws IOException {
        ReportWriter.printSummary(reports, out);
        if (json != null) {
            ReportWriter.writeJson(reports, json);
        }
        if (junit != null) {
            ReportWriter.writeJunit(reports, junit);
        }
        return reports.stream().filter(r -> !r.passed()).count();
    }
}

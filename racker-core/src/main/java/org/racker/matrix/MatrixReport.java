package org.racker.matrix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.racker.InvalidArgumentException;
import org.racker.fs.AtomicFiles;
import org.racker.probe.CheckResult;
import org.racker.probe.ReportWriter;

/**
 * The results of a matrix, from one shard or merged from all: JSON (what merging reads back),
 * JUnit XML for CI engines, and a table for people with images as columns and packages as rows.
 *
 * @param missing the cells whose shard sent no report, by shard
 */
public record MatrixReport(String matrix, int shards, List<String> cells, List<CellResult> results,
        Map<Shard, List<String>> missing) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public MatrixReport {
        cells = List.copyOf(cells);
        results = List.copyOf(results);
        missing = Map.copyOf(missing);
    }

    public static MatrixReport of(ShardReport shard) {
        return new MatrixReport(shard.matrix(), shard.shard().total(), shard.cells(), shard.results(), Map.of());
    }

    /** Whether a cell failed or broke, or a shard is missing: what the exit status says. */
    public boolean failed() {
        return !missing.isEmpty() || results.stream().anyMatch(CellResult::bad);
    }

    public static void writeJson(ShardReport report, Path file) throws IOException {
        AtomicFiles.write(file, (JSON.writeValueAsString(report) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public static ShardReport readJson(Path file) throws InvalidArgumentException {
        try {
            ShardReport r = JSON.readValue(file.toFile(), ShardReport.class);
            if (r == null || r.shard() == null || r.cells() == null || r.results() == null) {
                throw new InvalidArgumentException(file + " is not a shard report of postroj matrix run");
            }
            return r;
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new InvalidArgumentException("report " + file + " does not exist");
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidArgumentException(file + " is not a shard report of postroj matrix run: "
                    + e.getMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new InvalidArgumentException("cannot read report " + file + ": " + e.getMessage());
        }
    }

    /**
     * One report of the shards' reports. They must be of one matrix split one way; a shard
     * given twice is refused, a shard not given is named with its cells.
     */
    public static MatrixReport merge(List<ShardReport> reports) throws InvalidArgumentException {
        if (reports.isEmpty()) {
            throw new InvalidArgumentException("no reports to merge");
        }
        ShardReport first = reports.get(0);
        Map<Integer, ShardReport> byIndex = new TreeMap<>();
        List<CellResult> results = new ArrayList<>();
        for (ShardReport r : reports) {
            if (!r.matrixDigest().equals(first.matrixDigest()) || !r.cells().equals(first.cells())) {
                throw new InvalidArgumentException("the reports are of different matrices (" + first.matrix()
                        + " and " + r.matrix() + "): merge the shards of one matrix run");
            }
            if (r.shard().total() != first.shard().total()) {
                throw new InvalidArgumentException("the reports split the matrix differently (shard " + first.shard()
                        + " and " + r.shard() + "): merge the shards of one run");
            }
            if (byIndex.put(r.shard().index(), r) != null) {
                throw new InvalidArgumentException("shard " + r.shard() + " is given twice");
            }
            results.addAll(r.results());
        }
        int total = first.shard().total();
        Map<Shard, List<String>> missing = new LinkedHashMap<>();
        for (int k = 1; k <= total; k++) {
            if (!byIndex.containsKey(k)) {
                Shard shard = new Shard(k, total);
                missing.put(shard, first.cells().stream().filter(c -> Shard.shardOf(c, total) == shard.index()).toList());
            }
        }
        results.sort(Comparator.comparing(CellResult::key));
        return new MatrixReport(first.matrix(), total, first.cells(), results, missing);
    }

    public void writeMergedJson(Path file) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("matrix", matrix);
        m.put("shards", shards);
        m.put("cells", cells);
        m.put("results", results);
        Map<String, List<String>> gone = new TreeMap<>();
        missing.forEach((s, c) -> gone.put(s.toString(), c));
        m.put("missingShards", gone);
        AtomicFiles.write(file, (JSON.writeValueAsString(m) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** One testcase per cell (class: the image, name: the package); a missing shard's cells are errors. */
    public void writeJunit(Path file) throws IOException {
        long failures = results.stream().filter(r -> r.status() == CellResult.Status.FAILED).count();
        long skipped = results.stream().filter(r -> r.status() == CellResult.Status.SKIPPED).count();
        long missingCells = missing.values().stream().mapToLong(List::size).sum();
        long errors = results.stream().filter(r -> r.status() == CellResult.Status.ERROR).count() + missingCells;
        double seconds = results.stream().mapToLong(CellResult::millis).sum() / 1000.0;
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append(String.format("<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\""
                + " time=\"%.3f\">%n", esc("matrix " + matrix), results.size() + missingCells, failures, errors,
                skipped, seconds));
        for (CellResult r : results) {
            xml.append(String.format("  <testcase classname=\"%s\" name=\"%s\" time=\"%.3f\"", esc(r.image()),
                    esc(r.pkg().isEmpty() ? "(no package)" : r.pkg()), r.millis() / 1000.0));
            String detail = detail(r);
            switch (r.status()) {
                case PASSED -> xml.append("/>\n");
                case SKIPPED -> xml.append(">\n    <skipped message=\"").append(esc(r.reason())).append("\"/>\n")
                        .append("  </testcase>\n");
                case FAILED -> xml.append(">\n    <failure message=\"").append(esc(ReportWriter.firstLine(detail)))
                        .append("\">").append(esc(detail)).append("</failure>\n  </testcase>\n");
                case ERROR -> xml.append(">\n    <error message=\"").append(esc(ReportWriter.firstLine(detail)))
                        .append("\">").append(esc(detail)).append("</error>\n  </testcase>\n");
            }
        }
        for (Map.Entry<Shard, List<String>> gone : missing.entrySet()) {
            for (String key : gone.getValue()) {
                int slash = key.indexOf('/');
                xml.append(String.format("  <testcase classname=\"%s\" name=\"%s\">%n    <error message=\"%s\"/>%n"
                        + "  </testcase>%n", esc(slash < 0 ? key : key.substring(0, slash)),
                        esc(slash < 0 ? "(no package)" : key.substring(slash + 1)),
                        esc("shard " + gone.getKey() + " sent no report")));
            }
        }
        xml.append("</testsuite>\n");
        AtomicFiles.write(file, xml.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The failed checks of a cell, or why it broke, each on its own line. */
    private static String detail(CellResult r) {
        StringBuilder s = new StringBuilder();
        if (r.reason() != null) {
            s.append(r.reason()).append('\n');
        }
        for (CheckResult c : r.checks()) {
            if (!c.passed()) {
                s.append(c.name()).append(": ").append(c.detail()).append('\n');
            }
        }
        if (r.journal() != null) {
            s.append("--- journal of the container\n").append(r.journal()).append('\n');
        }
        return s.toString().strip();
    }

    /** Images as columns, packages as rows; then the failures, the missing shards and a count. */
    public void printTable(PrintWriter out) {
        TreeSet<String> images = new TreeSet<>();
        TreeSet<String> packages = new TreeSet<>();
        Map<String, String> mark = new TreeMap<>();
        for (String key : cells) {
            int slash = key.indexOf('/');
            images.add(slash < 0 ? key : key.substring(0, slash));
            packages.add(slash < 0 ? "(no package)" : key.substring(slash + 1));
        }
        for (CellResult r : results) {
            mark.put(r.key(), switch (r.status()) {
                case PASSED -> "pass";
                case FAILED -> "FAIL";
                case SKIPPED -> "skip";
                case ERROR -> "ERROR";
            });
        }
        missing.values().forEach(keys -> keys.forEach(k -> mark.put(k, "MISSING")));
        int first = Math.max("PACKAGE".length(), packages.stream().mapToInt(String::length).max().orElse(0));
        List<Integer> widths = images.stream().map(i -> Math.max(i.length(), "MISSING".length())).toList();
        StringBuilder head = new StringBuilder(pad("PACKAGE", first));
        int col = 0;
        for (String image : images) {
            head.append("  ").append(pad(image, widths.get(col++)));
        }
        out.println(head.toString().stripTrailing());
        for (String pkg : packages) {
            StringBuilder row = new StringBuilder(pad(pkg, first));
            col = 0;
            for (String image : images) {
                String key = pkg.equals("(no package)") ? image : image + "/" + pkg;
                row.append("  ").append(pad(mark.getOrDefault(key, cells.contains(key) ? "?" : "-"), widths.get(col++)));
            }
            out.println(row.toString().stripTrailing());
        }
        for (CellResult r : results) {
            if (r.bad() || r.status() == CellResult.Status.SKIPPED) {
                out.println((r.status() == CellResult.Status.SKIPPED ? "skipped " : "failed  ") + r.key() + ": "
                        + ReportWriter.firstLine(detail(r)));
            }
        }
        missing.forEach((shard, keys) -> out.println("missing shard " + shard + " (" + keys.size() + " cells: "
                + String.join(", ", keys) + ")"));
        long passed = results.stream().filter(r -> r.status() == CellResult.Status.PASSED).count();
        long failed = results.stream().filter(CellResult::bad).count();
        long skippedCount = results.stream().filter(r -> r.status() == CellResult.Status.SKIPPED).count();
        out.printf("%d cells: %d passed, %d failed, %d skipped, %d missing%n", cells.size(), passed, failed,
                skippedCount, missing.values().stream().mapToLong(List::size).sum());
        out.flush();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String esc(String s) {
        return ReportWriter.xmlEscape(s == null ? "" : s);
    }
}

package org.racker.probe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Probe reports as JSON, as JUnit XML for CI systems, and as a summary for people. */
public final class ReportWriter {
    private ReportWriter() { }

    public static void writeJson(List<ProbeReport> reports, Path file) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        List<Map<String, Object>> rows = reports.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("image", r.image());
            m.put("probe", r.probe());
            m.put("success", r.passed());
            m.put("duration_ms", r.millis());
            if (r.error() != null) {
                m.put("error", r.error());
            }
            m.put("checks", r.checks());
            if (!r.installed().isEmpty()) {
                m.put("installed", r.installed());
            }
            if (r.journal() != null) {
                m.put("journal", r.journal());
            }
            return m;
        }).toList();
        Files.writeString(file, json.writeValueAsString(rows) + "\n", StandardCharsets.UTF_8);
    }

    /** One testsuite per image, one testcase per check; a failed check carries its detail. */
    public static void writeJunit(List<ProbeReport> reports, Path file) throws IOException {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
        for (ProbeReport r : reports) {
            long failures = r.checks().stream().filter(c -> !c.passed()).count();
            int tests = r.checks().size() + (r.error() != null ? 1 : 0);
            xml.append(String.format("  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"%d\" time=\"%.3f\">%n",
                    xmlEscape(r.probe() + "." + r.image()), tests, failures, r.error() != null ? 1 : 0, r.millis() / 1000.0));
            for (CheckResult c : r.checks()) {
                xml.append(String.format("    <testcase classname=\"%s\" name=\"%s\" time=\"%.3f\"",
                        xmlEscape(r.image()), xmlEscape(c.name()), c.millis() / 1000.0));
                if (c.passed()) {
                    xml.append("/>\n");
                } else {
                    xml.append(">\n      <failure message=\"").append(xmlEscape(firstLine(c.detail()))).append("\">")
                            .append(xmlEscape(c.detail())).append("</failure>\n    </testcase>\n");
                }
            }
            if (r.error() != null) {
                xml.append("    <testcase classname=\"").append(xmlEscape(r.image())).append("\" name=\"setup\">\n")
                        .append("      <error message=\"").append(xmlEscape(firstLine(r.error()))).append("\">")
                        .append(xmlEscape(r.error())).append("</error>\n    </testcase>\n");
            }
            xml.append("  </testsuite>\n");
        }
        xml.append("</testsuites>\n");
        Files.writeString(file, xml.toString(), StandardCharsets.UTF_8);
    }

    public static void printSummary(List<ProbeReport> reports, PrintWriter out) {
        long passed = reports.stream().filter(ProbeReport::passed).count();
        for (ProbeReport r : reports) {
            out.printf("%-6s %s %s (%d ms)%n", r.passed() ? "PASS" : "FAIL", r.probe(), r.image(), r.millis());
            if (r.error() != null) {
                out.println("       " + r.error());
            }
            for (CheckResult c : r.checks()) {
                if (!c.passed()) {
                    out.println("       " + c.name() + ": " + firstLine(c.detail()));
                }
            }
        }
        out.printf("%d of %d passed%n", passed, reports.size());
        out.flush();
    }

    /** The first line of {@code text}, empty for none. */
    public static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    /** {@code text} escaped for an XML attribute or element, without characters XML 1.0 forbids. */
    public static String xmlEscape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> {
                    if (ch >= 0x20 || ch == '\n' || ch == '\t' || ch == '\r') {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.toString();
    }
}

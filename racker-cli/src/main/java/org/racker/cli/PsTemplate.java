package org.racker.cli;

import org.racker.json.JsonValues;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.racker.InvalidArgumentException;

/**
 * {@code ps --format} as docker takes it: a Go template over each row's fields ({@code {{.ID}}},
 * {@code {{.Names}}}, {@code {{json .}}}, ...), and with a {@code table} prefix a header row
 * (the template rendered over each field's header) and the tab-separated columns aligned as
 * docker's tabwriter aligns them.
 */
final class PsTemplate {

    private final GoTemplate template;
    private final boolean table;

    private PsTemplate(GoTemplate template, boolean table) {
        this.template = template;
        this.table = table;
    }

    static PsTemplate parse(String format) throws InvalidArgumentException {
        boolean table = format.startsWith("table");
        String body = (table ? format.substring("table".length()) : format).strip();
        GoTemplate template = GoTemplate.parse(body);
        // every row has the same fields: a field none has is refused now, also when no row is shown
        template.render(JsonValues.toTree(PsRow.HEADERS));
        return new PsTemplate(template, table);
    }

    void print(List<PsRow> rows, PrintWriter out) throws InvalidArgumentException {
        List<String> lines = new ArrayList<>();
        if (table) {
            lines.add(template.render(JsonValues.toTree(PsRow.HEADERS)));
        }
        for (PsRow row : rows) {
            lines.add(template.render(JsonValues.toTree(row.document())));
        }
        if (table) {
            TabAligner.print(lines, out);
        } else {
            lines.forEach(out::println);
        }
    }
}

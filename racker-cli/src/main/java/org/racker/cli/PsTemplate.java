package org.racker.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.racker.InvalidArgumentException;

/**
 * {@code ps --format} with the Go-template placeholders docker users write:
 * {@code {{.ID}}}, {@code {{.Names}}}, {@code {{.Image}}}, {@code {{.Command}}},
 * {@code {{.CreatedAt}}}, {@code {{.RunningFor}}}, {@code {{.Status}}}, {@code {{.State}}} and
 * {@code {{.Ports}}} (always empty: racker publishes no ports). Text around them is kept,
 * {@code \t} and {@code \n} written as two characters become a tab and a newline (as docker's
 * CLI does), and a {@code table} prefix adds a header row and aligns the tab-separated
 * columns as docker's tabwriter does. Anything else between braces (functions, pipelines)
 * is refused: this is a placeholder renderer, not a template engine.
 */
final class PsTemplate {
    /** A field: its header in a table and its value for a row. */
    private record Field(String header, Function<PsRow, String> value) { }

    private static final Map<String, Field> FIELDS = Map.of(
            "ID", new Field("CONTAINER ID", PsRow::id),
            "Names", new Field("NAMES", PsRow::names),
            "Image", new Field("IMAGE", PsRow::image),
            "Command", new Field("COMMAND", PsRow::command),
            "CreatedAt", new Field("CREATED AT", PsRow::createdAt),
            "RunningFor", new Field("CREATED", PsRow::runningFor),
            "Status", new Field("STATUS", PsRow::status),
            "State", new Field("STATE", PsRow::state),
            "Ports", new Field("PORTS", row -> ""));
    private static final Pattern ACTION = Pattern.compile("\\{\\{(.*?)}}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\s*\\.([A-Za-z]+)\\s*");

    /** Literal text (String) and fields (Field), in order. */
    private final List<Object> parts;
    private final boolean table;

    private PsTemplate(List<Object> parts, boolean table) {
        this.parts = parts;
        this.table = table;
    }

    static PsTemplate parse(String format) throws InvalidArgumentException {
        boolean table = format.startsWith("table");
        String body = (table ? format.substring("table".length()) : format).strip()
                .replace("\\t", "\t").replace("\\n", "\n");
        List<Object> parts = new ArrayList<>();
        Matcher action = ACTION.matcher(body);
        int at = 0;
        while (action.find()) {
            parts.add(body.substring(at, action.start()));
            Matcher placeholder = PLACEHOLDER.matcher(action.group(1));
            Field field = placeholder.matches() ? FIELDS.get(placeholder.group(1)) : null;
            if (field == null) {
                throw new InvalidArgumentException("invalid --format: racker does not know " + action.group()
                        + " (it knows {{.ID}}, {{.Names}}, {{.Image}}, {{.Command}}, {{.CreatedAt}},"
                        + " {{.RunningFor}}, {{.Status}}, {{.State}}, {{.Ports}})");
            }
            parts.add(field);
            at = action.end();
        }
        String rest = body.substring(at);
        if (rest.contains("{{")) {
            throw new InvalidArgumentException("invalid --format: unclosed action in \"" + format + "\"");
        }
        parts.add(rest);
        return new PsTemplate(parts, table);
    }

    void print(List<PsRow> rows, PrintWriter out) {
        List<String> lines = new ArrayList<>();
        if (table) {
            lines.add(render(field -> field.header()));
        }
        for (PsRow row : rows) {
            lines.add(render(field -> field.value().apply(row)));
        }
        if (table) {
            TabAligner.print(lines, out);
        } else {
            lines.forEach(out::println);
        }
    }

    private String render(Function<Field, String> text) {
        StringBuilder line = new StringBuilder();
        for (Object part : parts) {
            line.append(part instanceof Field f ? text.apply(f) : (String) part);
        }
        return line.toString();
    }
}

package org.racker.cli;

import static org.racker.cli.CommandModel.flag;
import static org.racker.cli.CommandModel.list;
import static org.racker.cli.CommandModel.option;

import org.racker.json.JsonValues;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.racker.api.ContainerFilter;
import org.racker.api.ContainerInfo;
import org.racker.api.ContainerListing;
import org.racker.api.Containers;
import picocli.CommandLine.Model.CommandSpec;

/** {@code racker ps}: the containers racker started, as docker lists them. */
public final class PsCommand implements Callable<Integer> {
    private final RackerCommand parent;
    boolean all;
    boolean quiet;
    boolean noTrunc;
    List<String> filters = new ArrayList<>();
    int last;
    boolean latest;
    String format = "table";

    PsCommand(RackerCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        return CommandModel.of(this, "ps", "List containers (running ones; -a for all).")
                .add(flag(v -> all = v, "-a", "--all").description("Show exited containers too."))
                .add(flag(v -> quiet = v, "-q", "--quiet").description("Show only the ids."))
                .add(flag(v -> noTrunc = v, "--no-trunc").description("Do not shorten ids and commands."))
                .add(list(String.class, v -> filters = v, "-f", "--filter").paramLabel("KEY=VALUE")
                        .description("Only containers that match: status=, name=, id=, ancestor=, exited= (repeatable;"
                                + " one key repeated: any value, different keys: all)."))
                .add(option(int.class, v -> last = v, "-n", "--last").paramLabel("N").defaultValue("-1")
                        .description("Show the N last created containers (includes all states)."))
                .add(flag(v -> latest = v, "-l", "--latest")
                        .description("Show the latest created container (includes all states)."))
                .add(option(String.class, v -> format = v, "--format").paramLabel("FORMAT")
                        .description("table (default), json, or a template such as 'table {{.ID}}\\t{{.Names}}'."))
                .spec();
    }

    @Override
    public Integer call() throws Exception {
        ContainerFilter filter = ContainerFilter.parse(filters);
        PsTemplate template = isTemplate(format) ? PsTemplate.parse(format) : null;
        if (template == null && !format.equals("table") && !format.equals("json")) {
            throw new org.racker.InvalidArgumentException("invalid --format \"" + format
                    + "\": use table, json or a Go template such as '{{.ID}} {{.Names}}'");
        }
        Containers containers = ContainerArgs.containers(parent);
        int limit = last > 0 ? last : latest ? 1 : 0;
        // as docker: --last and --latest include exited containers (and so does a status filter)
        ContainerListing listing = containers.listing(filter, all || limit > 0);
        List<ContainerInfo> records = listing.containers();
        if (limit > 0 && records.size() > limit) {
            records = records.subList(0, limit);
        }
        PrintWriter out = parent.spec.commandLine().getOut();
        Instant now = Instant.now();
        if (quiet) {
            records.forEach(r -> out.println(noTrunc ? r.id() : r.shortId()));
        } else if (template != null) {
            template.print(records.stream().map(r -> new PsRow(r, now, noTrunc)).toList(), out);
        } else if ("json".equals(format)) {
            // as docker: one object a line, with the fields its templates see
            for (ContainerInfo r : records) {
                out.println(JsonValues.toJson(new PsRow(r, now, noTrunc).document(), false));
            }
        } else {
            TextTable table = new TextTable("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES");
            for (ContainerInfo r : records) {
                PsRow row = new PsRow(r, now, noTrunc);
                table.row(row.id(), row.image(), row.command(), row.runningFor(), row.status(), row.ports(), row.names());
            }
            table.print(out);
        }
        out.flush();
        // one line each, after the list, for containers that cannot be listed, saying how to remove them
        PrintWriter err = parent.spec.commandLine().getErr();
        listing.problems().forEach(p -> err.println("racker: " + p));
        err.flush();
        return 0;
    }

    /** A Go template as docker takes it: placeholders, or a table of them ("table" alone is the default table). */
    private static boolean isTemplate(String format) {
        return format.contains("{{") || (format.startsWith("table") && !format.strip().equals("table"));
    }
}

package org.racker.cli;

import static org.racker.cli.CommandModel.flag;
import static org.racker.cli.CommandModel.list;
import static org.racker.cli.CommandModel.option;

import org.racker.json.JsonValues;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.racker.runtime.AbandonedContainerReaper;
import org.racker.runtime.UnrecordedContainers;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;
import org.racker.state.ContainerStore;
import org.racker.state.DamagedRecord;
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
        ContainerFilters filter = ContainerFilters.parse(filters);
        PsTemplate template = isTemplate(format) ? PsTemplate.parse(format) : null;
        if (template == null && !format.equals("table") && !format.equals("json")) {
            throw new org.racker.InvalidArgumentException("invalid --format \"" + format
                    + "\": use table, json or a Go template such as '{{.ID}} {{.Names}}'");
        }
        GlobalOptions global = parent.global;
        ContainerStore store = new ContainerStore(global.root);
        new AbandonedContainerReaper(store, new StderrEventLog(parent.spec.commandLine().getErr(),
                global.verbose, global.debug, parent.startNanos)).reap();
        int limit = last > 0 ? last : latest ? 1 : 0;
        // as docker: --last, --latest and a status filter include exited containers
        boolean everyState = all || limit > 0 || filter.listsAll();
        ContainerStore.Contents contents = store.contents();
        List<ContainerRecord> everything = contents.records();
        List<ContainerRecord> records = filter.select(everything.stream()
                .filter(r -> everyState || r.status() != ContainerStatus.EXITED && !r.awaitsStart()).toList(), everything);
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
            for (ContainerRecord r : records) {
                out.println(JsonValues.toJson(new PsRow(r, now, noTrunc).document(), false));
            }
        } else {
            TextTable table = new TextTable("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES");
            for (ContainerRecord r : records) {
                PsRow row = new PsRow(r, now, noTrunc);
                table.row(row.id(), row.image(), row.command(), row.runningFor(), row.status(), row.ports(), row.names());
            }
            table.print(out);
        }
        out.flush();
        reportTroubles(store, contents, parent.spec.commandLine().getErr());
        return 0;
    }

    /**
     * One line each, after the list, for containers that cannot be listed: a damaged state
     * file, or one running with its state gone. Either way the line says how to remove it.
     */
    private static void reportTroubles(ContainerStore store, ContainerStore.Contents contents, PrintWriter err) {
        for (DamagedRecord d : contents.damaged()) {
            err.println("racker: " + d.report());
        }
        for (UnrecordedContainers.Unrecorded u : UnrecordedContainers.of(store, contents)) {
            err.println("racker: " + u.report(store));
        }
        err.flush();
    }

    /** A Go template as docker takes it: placeholders, or a table of them ("table" alone is the default table). */
    private static boolean isTemplate(String format) {
        return format.contains("{{") || (format.startsWith("table") && !format.strip().equals("table"));
    }

    static String status(ContainerRecord r, Instant now) {
        return new PsRow(r, now, false).status();
    }
}

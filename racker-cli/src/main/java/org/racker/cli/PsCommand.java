package org.racker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.racker.runtime.AbandonedContainerReaper;
import org.racker.runtime.CommandLines;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;
import org.racker.state.ContainerStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code racker ps}: the containers racker started, as docker lists them. */
@Command(name = "ps", mixinStandardHelpOptions = true, description = "List containers (running ones; -a for all).")
public final class PsCommand implements Callable<Integer> {
    @ParentCommand
    RackerCommand parent;

    @Option(names = {"-a", "--all"}, description = "Show exited containers too.")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Show only the ids.")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Do not shorten ids and commands.")
    boolean noTrunc;

    @Option(names = "--format", paramLabel = "FORMAT", description = "table (default) or json.")
    String format = "table";

    @Override
    public Integer call() throws Exception {
        GlobalOptions global = parent.global;
        ContainerStore store = new ContainerStore(global.root);
        new AbandonedContainerReaper(store, new StderrEventLog(parent.spec.commandLine().getErr(),
                global.verbose, global.debug, parent.startNanos)).reap();
        List<ContainerRecord> records = store.list().stream()
                .filter(r -> all || r.status() != ContainerStatus.EXITED).toList();
        PrintWriter out = parent.spec.commandLine().getOut();
        Instant now = Instant.now();
        if (quiet) {
            records.forEach(r -> out.println(noTrunc ? r.id() : r.shortId()));
        } else if ("json".equals(format)) {
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            out.println(json.writeValueAsString(records.stream().map(r -> asJson(r, now)).toList()));
        } else if ("table".equals(format)) {
            TextTable table = new TextTable("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "NAMES");
            for (ContainerRecord r : records) {
                String command = CommandLines.render(r.command());
                if (!noTrunc && command.length() > 20) {
                    command = command.substring(0, 19) + "…";
                }
                table.row(noTrunc ? r.id() : r.shortId(), r.image(), "\"" + command + "\"",
                        Durations.human(Duration.between(r.created(), now)) + " ago", status(r, now), r.name());
            }
            table.print(out);
        } else {
            throw new org.racker.InvalidArgumentException("invalid --format \"" + format + "\": use table or json");
        }
        out.flush();
        return 0;
    }

    static String status(ContainerRecord r, Instant now) {
        return switch (r.status()) {
            case CREATED -> "Created";
            case RUNNING -> "Up " + Durations.human(Duration.between(r.created(), now));
            case EXITED -> "Exited (" + r.exitCode() + ") "
                    + Durations.human(Duration.between(r.finished() == null ? now : r.finished(), now)) + " ago";
        };
    }

    private static Map<String, Object> asJson(ContainerRecord r, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", r.id());
        m.put("Names", List.of(r.name()));
        m.put("Image", r.image());
        m.put("Command", r.command());
        m.put("Created", r.created().toString());
        m.put("State", r.status().label());
        m.put("Status", status(r, now));
        m.put("ExitCode", r.exitCode());
        m.put("Mode", r.mode());
        return m;
    }
}

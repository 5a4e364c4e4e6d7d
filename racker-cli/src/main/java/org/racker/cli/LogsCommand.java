package org.racker.cli;

import static org.racker.cli.CommandModel.flag;
import static org.racker.cli.CommandModel.option;
import static org.racker.cli.CommandModel.positional;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.util.concurrent.Callable;
import org.racker.api.LogOptions;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code racker logs}: what a container's command wrote (stdout and stderr apart where racker
 * relayed them), else a booted container's journal from its start (kept on the host for
 * detached containers, so it outlives them).
 */
public final class LogsCommand implements Callable<Integer> {
    private final RackerCommand parent;
    boolean follow;
    String tail;
    boolean timestamps;
    String since;
    String until;
    boolean journal;
    String container;

    LogsCommand(RackerCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        return CommandModel.of(this, "logs", "Show what a container's command printed (its stdout on stdout, its"
                        + " stderr on stderr), or a booted container's journal when it was given no command. Works"
                        + " after the container stopped, while it is not removed.")
                .add(flag(v -> follow = v, "-f", "--follow").description("Keep printing until the container stops."))
                .add(option(String.class, v -> tail = v, "-n", "--tail").paramLabel("N")
                        .description("Only the last N lines (\"all\": every line)."))
                .add(flag(v -> timestamps = v, "-t", "--timestamps").description("Prefix each line with the time it"
                        + " was written (RFC 3339, UTC, nanoseconds)."))
                .add(option(String.class, v -> since = v, "--since").paramLabel("TIME").description("Only lines from"
                        + " TIME on: an RFC 3339 time, a Unix timestamp, or a duration back from now (10m, 1h30m)."))
                .add(option(String.class, v -> until = v, "--until").paramLabel("TIME")
                        .description("Only lines up to TIME (as for --since)."))
                .add(flag(v -> journal = v, "--journal").description("A booted container's whole journal, also when"
                        + " it was given a command (whose output alone is its log otherwise)."))
                .add(positional(String.class, v -> container = v).paramLabel("CONTAINER"))
                .spec();
    }

    @Override
    public Integer call() throws Exception {
        LogOptions options = LogOptions.builder().tail(tail).since(since).until(until).timestamps(timestamps)
                .follow(follow).journal(journal).build();
        ContainerArgs.containers(parent)
                .logs(container, options, new FileOutputStream(FileDescriptor.out),
                        new FileOutputStream(FileDescriptor.err));
        return 0;
    }
}

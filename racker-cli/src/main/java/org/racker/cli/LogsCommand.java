package org.racker.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.racker.runtime.ContainerOperations;
import org.racker.runtime.ExecRequest;
import org.racker.runtime.Stdio;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code racker logs}: a booted container's journal, from its start. */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = {"Show a running container's journal (what it and its services printed since boot)."})
public final class LogsCommand implements Callable<Integer> {
    @ParentCommand
    RackerCommand parent;

    @Option(names = {"-f", "--follow"}, description = "Keep printing until the container stops.")
    boolean follow;

    @Option(names = {"-n", "--tail"}, paramLabel = "N", description = "Only the last N lines.")
    Integer tail;

    @Parameters(paramLabel = "CONTAINER")
    String container;

    @Override
    public Integer call() throws Exception {
        ContainerStore store = ContainerArgs.store(parent);
        ContainerRecord record = store.find(container);
        List<String> command = new ArrayList<>(List.of("journalctl", "--no-pager", "--quiet", "--boot", "--output=short-precise"));
        if (tail != null) {
            command.add("--lines=" + tail);
        }
        if (follow) {
            command.add("--follow");
        }
        Process p = new ContainerOperations(store, ContainerArgs.log(parent))
                .exec(record, new ExecRequest(command, List.of(), null, null, false, false), Stdio.inherit(false));
        int code = p.waitFor();
        // journalctl -f ends with the container: that is the normal end of following
        return follow ? 0 : code;
    }
}

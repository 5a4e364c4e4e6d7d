package org.racker.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.racker.runtime.ContainerLogs;
import org.racker.runtime.ContainerOperations;
import org.racker.runtime.ExecRequest;
import org.racker.runtime.Stdio;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;
import org.racker.state.ContainerStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code racker logs}: what a container's main command wrote (an app container's, or that of
 * a booted one started with a command), else a booted container's journal from its start
 * (kept on the host for detached containers, so it outlives them).
 */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = {"Show what a container printed: a booted container's journal (its services and command),"
                + " an app container's output. Works after the container stopped, while it is not removed."})
public final class LogsCommand implements Callable<Integer> {
    @ParentCommand
    RackerCommand parent;

    @Option(names = {"-f", "--follow"}, description = "Keep printing until the container stops.")
    boolean follow;

    @Option(names = {"-n", "--tail"}, paramLabel = "N", description = "Only the last N lines.")
    Integer tail;

    @Option(names = "--journal", description = "A booted container's whole journal, also when it was given a"
            + " command (whose output alone is its log otherwise).")
    boolean journal;

    @Parameters(paramLabel = "CONTAINER")
    String container;

    @Override
    public Integer call() throws Exception {
        ContainerStore store = ContainerArgs.store(parent);
        ContainerRecord record = store.find(container);
        boolean running = record.status() == ContainerStatus.RUNNING;
        boolean mainOnly = !journal && ContainerLogs.isMainCommandLog(record);
        ContainerLogs logs = new ContainerLogs(store.directoryOf(record.id()));
        org.racker.runtime.AbandonedContainerReaper reaper = new org.racker.runtime.AbandonedContainerReaper(store,
                ContainerArgs.log(parent));
        String id = record.id();
        if ("boot".equals(record.mode()) && logs.hasJournal()) {
            if (follow && running) {
                logs.followJournal(tail, mainOnly, () -> stillRunning(reaper, id));
                return 0;
            }
            return new ProcessBuilder(logs.journalCommand(tail, mainOnly)).inheritIO().start().waitFor();
        }
        if (running && "boot".equals(record.mode())) {
            // no journal kept on the host (a container in the foreground of another racker)
            return fromRunningJournal(store, record, mainOnly);
        }
        logs.copyConsole(System.out, tail, follow && running ? () -> stillRunning(reaper, id) : null);
        return 0;
    }

    /** The container's own journalctl: its journal as it is now, and -f as long as it runs. */
    private int fromRunningJournal(ContainerStore store, ContainerRecord record, boolean mainOnly) throws Exception {
        List<String> command = new ArrayList<>(List.of("journalctl", "--no-pager", "--quiet", "--boot"));
        command.addAll(ContainerLogs.filter(tail, mainOnly));
        if (follow) {
            command.add("--follow");
        }
        Process p = new ContainerOperations(store, ContainerArgs.log(parent))
                .exec(record, new ExecRequest(command, List.of(), null, null, false, false), Stdio.inherit(false));
        int code = p.waitFor();
        // journalctl -f ends with the container: that is the normal end of following
        return follow ? 0 : code;
    }

    private static boolean stillRunning(org.racker.runtime.AbandonedContainerReaper reaper, String id) {
        // the reaper marks the record exited once the container's supervisor is gone
        return reaper.refresh(id).map(r -> r.status() == ContainerStatus.RUNNING).orElse(false);
    }
}

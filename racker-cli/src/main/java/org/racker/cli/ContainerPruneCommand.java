package org.racker.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.racker.runtime.AbandonedContainerReaper;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;
import org.racker.state.ContainerStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code racker container prune}: remove every exited container, as docker's does. */
@Command(name = "prune", mixinStandardHelpOptions = true, description = "Remove all stopped containers.")
public final class ContainerPruneCommand implements Callable<Integer> {
    @ParentCommand
    ContainerCommand group;

    @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        RackerCommand parent = group.parent;
        PrintWriter out = parent.spec.commandLine().getOut();
        if (!force && !confirmed(out)) {
            return ExitCodes.OK;
        }
        ContainerStore store = ContainerArgs.store(parent);
        new AbandonedContainerReaper(store, ContainerArgs.log(parent)).reap();
        List<String> deleted = new ArrayList<>();
        long reclaimed = 0;
        for (ContainerRecord listed : store.list()) {
            // another racker may start or remove it meanwhile: act on the record as it is now
            ContainerRecord r = store.reload(listed.id()).orElse(null);
            if (r == null || r.status() != ContainerStatus.EXITED) {
                continue;
            }
            long size = DirectorySize.of(store.directoryOf(r.id()));
            store.remove(r);
            deleted.add(r.id());
            reclaimed += size;
        }
        if (!deleted.isEmpty()) {
            out.println("Deleted Containers:");
            deleted.forEach(out::println);
            out.println();
        }
        out.println("Total reclaimed space: " + DirectorySize.human(reclaimed));
        out.flush();
        return ExitCodes.OK;
    }

    private static boolean confirmed(PrintWriter out) throws IOException {
        out.print("WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ");
        out.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
    }
}

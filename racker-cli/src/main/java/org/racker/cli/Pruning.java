package org.racker.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.racker.api.PruneResult;
import org.racker.api.Pruner;
import org.racker.api.Racker;

/**
 * What {@code container prune}, {@code image prune} and {@code system prune} remove, and how
 * they ask and report, in docker's words.
 */
final class Pruning {
    /** What one prune removed: docker's lines for it and the bytes it gave back. */
    record Report(List<String> lines, long reclaimed) { }

    private Pruning() { }

    /** Every stopped container (exited, or created and never started); their ids. */
    static Report containers(RackerCommand parent) {
        PruneResult result = pruner(parent).containers();
        return new Report(result.items().stream().map(PruneResult.Item::name).toList(), result.reclaimedBytes());
    }

    /**
     * Images no container was made from: untagged ones only (docker's dangling images), or,
     * with {@code all}, every one, the bootable images racker derived included.
     */
    static Report images(RackerCommand parent, boolean all) throws InterruptedException {
        PruneResult result = pruner(parent).images(all);
        return new Report(result.items().stream()
                .map(i -> i.action().name().toLowerCase(Locale.ROOT) + ": " + i.name()).toList(), result.reclaimedBytes());
    }

    private static Pruner pruner(RackerCommand parent) {
        StderrEventLog log = new StderrEventLog(parent.spec.commandLine().getErr(), parent.global.verbose,
                parent.global.debug, parent.startNanos);
        return Racker.builder().root(parent.global.root).eventLog(log).build().pruner();
    }

    /** docker's prompt; true when the user answered yes. */
    static boolean confirmed(PrintWriter out, String warning) throws IOException {
        out.print("WARNING! " + warning + "\nAre you sure you want to continue? [y/N] ");
        out.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
    }

    /** A section of the report ({@code Deleted Containers:}), left out when nothing was removed. */
    static void print(PrintWriter out, String heading, Report report) {
        if (!report.lines().isEmpty()) {
            out.println(heading);
            report.lines().forEach(out::println);
            out.println();
        }
    }

    static void printTotal(PrintWriter out, long reclaimed) {
        out.println("Total reclaimed space: " + Sizes.human(reclaimed));
        out.flush();
    }
}

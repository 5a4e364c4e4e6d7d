package org.racker.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code racker system prune}: stopped containers, then the images that are left unused. */
public final class SystemPruneCommand implements Callable<Integer> {
    private final SystemCommand group;
    private final ImagePruneOptions options = new ImagePruneOptions();

    SystemPruneCommand(SystemCommand group) {
        this.group = group;
    }

    CommandSpec model() {
        return options.declareOn(CommandModel.of(this, "prune", "Remove stopped containers and unused images.")).spec();
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        RackerCommand parent = group.parent;
        PrintWriter out = parent.spec.commandLine().getOut();
        if (!options.force && !Pruning.confirmed(out, "This will remove:\n  - all stopped containers\n  - "
                + options.images() + "\n")) {
            return ExitCodes.OK;
        }
        // containers first: an image a stopped container was made from is unused once it is gone
        Pruning.Report containers = Pruning.containers(parent);
        Pruning.Report images = Pruning.images(parent, options.all);
        Pruning.print(out, "Deleted Containers:", containers);
        Pruning.print(out, "Deleted Images:", images);
        Pruning.printTotal(out, containers.reclaimed() + images.reclaimed());
        return ExitCodes.OK;
    }
}

package org.racker.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code racker image prune}: remove dangling images, or with -a every image no container was made from. */
public final class ImagePruneCommand implements Callable<Integer> {
    private final ImageCommand group;
    private final ImagePruneOptions options = new ImagePruneOptions();

    ImagePruneCommand(ImageCommand group) {
        this.group = group;
    }

    CommandSpec model() {
        return options.declareOn(CommandModel.of(this, "prune", "Remove unused images.")).spec();
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        RackerCommand parent = group.parent;
        PrintWriter out = parent.spec.commandLine().getOut();
        if (!options.force && !Pruning.confirmed(out, "This will remove " + options.images() + ".")) {
            return ExitCodes.OK;
        }
        Pruning.Report images = Pruning.images(parent, options.all);
        Pruning.print(out, "Deleted Images:", images);
        Pruning.printTotal(out, images.reclaimed());
        return ExitCodes.OK;
    }
}

package org.racker.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code racker image prune}: remove dangling images, or with -a every image no container was made from. */
@Command(name = "prune", mixinStandardHelpOptions = true, description = "Remove unused images.")
public final class ImagePruneCommand implements Callable<Integer> {
    @ParentCommand
    ImageCommand group;

    @Mixin
    ImagePruneOptions options;

    @Override
    public Integer call() throws IOException, InterruptedException {
        RackerCommand parent = group.parent;
        PrintWriter out = parent.spec.commandLine().getOut();
        if (!options.force && !Pruning.confirmed(out, "This will remove " + options.images() + ".")) {
            return ExitCodes.OK;
        }
        Pruning.Report images = Pruning.images(parent.global.root, options.all);
        Pruning.print(out, "Deleted Images:", images);
        Pruning.printTotal(out, images.reclaimed());
        return ExitCodes.OK;
    }
}

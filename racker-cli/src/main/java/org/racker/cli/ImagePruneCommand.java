package org.racker.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code racker image prune}: remove dangling images, or with -a every image no container was made from. */
@Command(name = "prune", mixinStandardHelpOptions = true, description = "Remove unused images.")
public final class ImagePruneCommand implements Callable<Integer> {
    static final String DANGLING = "all dangling images";
    static final String UNUSED = "all images without at least one container associated to them";

    @ParentCommand
    ImageCommand group;

    @Option(names = {"-a", "--all"}, description = "Remove every image no container was made from, not just untagged ones"
            + " (bootable images racker derived included).")
    boolean all;

    @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation.")
    boolean force;

    @Override
    public Integer call() throws IOException, InterruptedException {
        RackerCommand parent = group.parent;
        PrintWriter out = parent.spec.commandLine().getOut();
        if (!force && !Pruning.confirmed(out, "This will remove " + (all ? UNUSED : DANGLING) + ".")) {
            return ExitCodes.OK;
        }
        Pruning.Report images = Pruning.images(parent.global.root, all);
        Pruning.print(out, "Deleted Images:", images);
        Pruning.printTotal(out, images.reclaimed());
        return ExitCodes.OK;
    }
}

package org.racker.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.racker.ImageNotFoundException;
import org.racker.api.Images;
import org.racker.api.Racker;
import org.racker.api.RemoveResult;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code racker rmi}: untag images; delete them, and the blobs no other image uses, with their
 * last tag. {@code IMAGE+boot} (or its id) removes the bootable image racker made from IMAGE.
 */
public final class RmiCommand implements Callable<Integer> {
    private final RackerCommand parent;
    boolean force;
    List<String> images;

    RmiCommand(RackerCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        return CommandModel.of(this, "rmi", "Remove images.")
                .add(CommandModel.flag(v -> force = v, "-f", "--force")
                        .description("Remove images that stopped containers were made from."))
                .add(CommandModel.positionals(v -> images = v).arity("1..*").paramLabel("IMAGE")
                        .description("References or id prefixes."))
                .spec();
    }

    @Override
    public Integer call() throws InterruptedException {
        Images store = Racker.withRoot(parent.global.root).images();
        PrintWriter out = parent.spec.commandLine().getOut();
        PrintWriter err = parent.spec.commandLine().getErr();
        int status = 0;
        for (String image : images) {
            try {
                for (RemoveResult removal : store.remove(image, force)) {
                    if (removal.refusal().isPresent()) {
                        err.println("racker: " + removal.refusal().get());
                        status = ExitCodes.CHECK_FAILED;
                        continue;
                    }
                    removal.untagged().forEach(t -> out.println("Untagged: " + t));
                    removal.deletedId().ifPresent(id -> out.println("Deleted: sha256:" + id));
                }
            } catch (ImageNotFoundException e) {
                err.println("racker: " + e.getMessage());
                status = ExitCodes.NO_SUCH_CONTAINER;
            }
        }
        out.flush();
        err.flush();
        return status;
    }
}

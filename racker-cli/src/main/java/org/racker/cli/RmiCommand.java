package org.racker.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.racker.distro.BootableImage;
import org.racker.distro.BootableImageStore;
import org.racker.store.ImageNotFoundException;
import org.racker.store.ImageStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code racker rmi}: untag images; delete them, and the blobs no other image uses, with their
 * last tag. {@code IMAGE+boot} (or its id) removes the bootable image racker made from IMAGE.
 */
@Command(name = "rmi", mixinStandardHelpOptions = true, description = "Remove images.")
public final class RmiCommand implements Callable<Integer> {
    @ParentCommand
    RackerCommand parent;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "References or id prefixes.")
    List<String> images;

    @Override
    public Integer call() throws InterruptedException {
        ImageStore store = new ImageStore(parent.global.root);
        PrintWriter out = parent.spec.commandLine().getOut();
        PrintWriter err = parent.spec.commandLine().getErr();
        int status = 0;
        BootableImageStore bootables = new BootableImageStore(parent.global.root);
        for (String image : images) {
            List<BootableImage> derived = bootables.resolve(image);
            if (!derived.isEmpty()) {
                for (BootableImage b : derived) {
                    bootables.remove(b);
                    if (image.endsWith(BootableImage.TAG_SUFFIX)) {
                        out.println("Untagged: " + image);
                    }
                    out.println("Deleted: sha256:" + b.id());
                }
                continue;
            }
            try {
                ImageStore.Removal removal = store.remove(image);
                removal.untagged().forEach(t -> out.println("Untagged: " + t));
                if (removal.deleted()) {
                    out.println("Deleted: sha256:" + removal.image().id());
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

package org.racker.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.racker.distro.BootableImage;
import org.racker.distro.BootableImageStore;
import org.racker.InvalidArgumentException;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;
import org.racker.state.ContainerStore;
import org.racker.store.ImageNotFoundException;
import org.racker.store.StoredImage;
import org.racker.store.ImageStore;
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
        ImageStore store = new ImageStore(parent.global.root);
        PrintWriter out = parent.spec.commandLine().getOut();
        PrintWriter err = parent.spec.commandLine().getErr();
        int status = 0;
        BootableImageStore bootables = new BootableImageStore(parent.global.root);
        List<ContainerRecord> containers = new ContainerStore(parent.global.root).list();
        for (String image : images) {
            List<BootableImage> derived = bootables.resolve(image);
            if (!derived.isEmpty()) {
                for (BootableImage b : derived) {
                    String conflict = conflict(image, b.id(), bootables.rootfsOf(b.id()), containers);
                    if (conflict != null) {
                        err.println("racker: " + conflict);
                        status = ExitCodes.CHECK_FAILED;
                        continue;
                    }
                    bootables.remove(b);
                    if (image.endsWith(BootableImage.TAG_SUFFIX)) {
                        out.println("Untagged: " + image);
                    }
                    out.println("Deleted: sha256:" + b.id());
                }
                continue;
            }
            try {
                StoredImage stored = store.resolve(image);
                boolean lastName = !store.isTag(image) || store.tagsOf(stored.id()).size() <= 1;
                String conflict = lastName ? conflict(image, stored.id(), store.rootfsOf(stored), containers) : null;
                if (conflict != null) {
                    err.println("racker: " + conflict);
                    status = ExitCodes.CHECK_FAILED;
                    continue;
                }
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

    /**
     * Why an image may not go, in docker's words: a running container's root is the image's
     * (never, even forced); a stopped one's could be booted again (unless forced). Null when
     * nothing stands in the way.
     */
    private String conflict(String name, String id, Path rootfs, List<ContainerRecord> containers) {
        String root = rootfs.toAbsolutePath().normalize().toString();
        for (ContainerRecord c : containers) {
            if (!root.equals(c.rootfs())) {
                continue;
            }
            String shortId = c.id().substring(0, 12);
            if (c.status() != ContainerStatus.EXITED) {
                return "conflict: unable to delete " + name + " (cannot be forced) - image is being used by running"
                        + " container " + shortId + ": stop it first";
            }
            if (!force) {
                return "conflict: unable to remove repository reference " + InvalidArgumentException.quoted(name)
                        + " (must force) - container " + shortId + " is using its referenced image "
                        + id.substring(0, Math.min(12, id.length())) + ": remove the container, or use rmi -f";
            }
        }
        return null;
    }
}

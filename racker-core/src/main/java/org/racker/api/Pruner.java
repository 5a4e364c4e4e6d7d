package org.racker.api;

import org.racker.fs.DiskUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.racker.EventLog;
import org.racker.ImageNotFoundException;
import org.racker.distro.BootableImage;
import org.racker.distro.BootableImageStore;
import org.racker.runtime.AbandonedContainerReaper;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;
import org.racker.state.ContainerStore;
import org.racker.store.ImageStore;
import org.racker.store.StoredImage;

/**
 * Removes what a state root holds and nothing uses: stopped containers, and images no
 * container was made from; what {@code container prune}, {@code image prune} and
 * {@code system prune} do. Other rackers may act on the root meanwhile: each container and
 * image is looked at as it is when its turn comes. Obtained from {@link Racker#pruner()}.
 */
public final class Pruner {
    private final Path root;
    private final EventLog log;

    Pruner(Path root, EventLog log) {
        this.root = Objects.requireNonNull(root, "root");
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * Removes every stopped container: exited ones, and created ones never started. Those whose
     * racker died are settled first, so they count as exited.
     */
    public PruneResult containers() {
        ContainerStore store = new ContainerStore(root);
        new AbandonedContainerReaper(store, log).reap();
        List<PruneResult.Item> deleted = new ArrayList<>();
        long reclaimed = 0;
        for (ContainerRecord listed : store.list()) {
            ContainerRecord r = store.reload(listed.id()).orElse(null);
            if (r == null || r.status() != ContainerStatus.EXITED && !r.awaitsStart()) {
                continue;
            }
            long size = DiskUsage.bytesUnder(store.directoryOf(r.id()));
            store.remove(r);
            deleted.add(new PruneResult.Item(PruneResult.Action.DELETED, r.id()));
            reclaimed += size;
        }
        return new PruneResult(deleted, reclaimed);
    }

    /**
     * Removes the images no container was made from: the untagged ones only (docker's
     * dangling images), or with {@code all} every one, the bootable images racker made included.
     */
    public PruneResult images(boolean all) throws InterruptedException {
        ImageStore store = new ImageStore(root);
        BootableImageStore bootables = new BootableImageStore(root);
        Set<String> inUse = new HashSet<>();
        for (ContainerRecord c : new ContainerStore(root).list()) {
            inUse.add(c.rootfs());
        }
        long before = imageBytes(store);
        List<PruneResult.Item> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, StoredImage> entry : store.list()) {
            StoredImage image = entry.getValue();
            if ((entry.getKey() != null && !all) || !seen.add(image.id())
                    || inUse.contains(store.rootfsOf(image).toAbsolutePath().normalize().toString())) {
                continue;
            }
            try {
                ImageStore.Removal removal = store.remove(image.id());
                removal.untagged().forEach(t -> items.add(new PruneResult.Item(PruneResult.Action.UNTAGGED, t)));
                if (removal.deleted()) {
                    items.add(new PruneResult.Item(PruneResult.Action.DELETED, "sha256:" + image.id()));
                }
            } catch (ImageNotFoundException e) {
                // removed by another racker meanwhile
            }
        }
        if (all) {
            for (BootableImage b : bootables.list()) {
                if (!inUse.contains(bootables.rootfsOf(b.id()).toAbsolutePath().normalize().toString())) {
                    bootables.remove(b);
                    items.add(new PruneResult.Item(PruneResult.Action.UNTAGGED, b.reference()));
                    items.add(new PruneResult.Item(PruneResult.Action.DELETED, "sha256:" + b.id()));
                }
            }
        }
        long after = items.isEmpty() ? before : imageBytes(store);
        return new PruneResult(items, Math.max(0, before - after));
    }

    private long imageBytes(ImageStore store) {
        return DiskUsage.bytesUnder(store.base()) + DiskUsage.bytesUnder(root.resolve("bootable"));
    }
}

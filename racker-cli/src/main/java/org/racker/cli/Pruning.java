package org.racker.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.racker.EventLog;
import org.racker.distro.BootableImage;
import org.racker.distro.BootableImageStore;
import org.racker.store.StoredImage;
import org.racker.runtime.AbandonedContainerReaper;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;
import org.racker.state.ContainerStore;
import org.racker.store.ImageNotFoundException;
import org.racker.store.ImageStore;

/**
 * What {@code container prune}, {@code image prune} and {@code system prune} remove, and how
 * they ask and report, in docker's words.
 */
final class Pruning {
    /** What one prune removed: docker's lines for it and the bytes it gave back. */
    record Report(List<String> lines, long reclaimed) { }

    private Pruning() { }

    /** Every stopped container (exited, or created and never started), as it is when its turn comes (another racker may act meanwhile). */
    static Report containers(ContainerStore store, EventLog log) {
        new AbandonedContainerReaper(store, log).reap();
        List<String> deleted = new ArrayList<>();
        long reclaimed = 0;
        for (ContainerRecord listed : store.list()) {
            ContainerRecord r = store.reload(listed.id()).orElse(null);
            if (r == null || r.status() != ContainerStatus.EXITED && !r.awaitsStart()) {
                continue;
            }
            long size = Sizes.of(store.directoryOf(r.id()));
            store.remove(r);
            deleted.add(r.id());
            reclaimed += size;
        }
        return new Report(deleted, reclaimed);
    }

    /**
     * Images no container was made from: untagged ones only (docker's dangling images), or,
     * with {@code all}, every one, the bootable images racker derived included.
     */
    static Report images(Path root, boolean all) throws InterruptedException {
        ImageStore store = new ImageStore(root);
        BootableImageStore bootables = new BootableImageStore(root);
        Set<String> inUse = new HashSet<>();
        for (ContainerRecord c : new ContainerStore(root).list()) {
            inUse.add(c.rootfs());
        }
        long before = Sizes.of(store.base()) + Sizes.of(root.resolve("bootable"));
        List<String> lines = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, StoredImage> entry : store.list()) {
            StoredImage image = entry.getValue();
            if ((entry.getKey() != null && !all) || !seen.add(image.id())
                    || inUse.contains(store.rootfsOf(image).toAbsolutePath().normalize().toString())) {
                continue;
            }
            try {
                ImageStore.Removal removal = store.remove(image.id());
                removal.untagged().forEach(t -> lines.add("untagged: " + t));
                if (removal.deleted()) {
                    lines.add("deleted: sha256:" + image.id());
                }
            } catch (ImageNotFoundException e) {
                // removed by another racker meanwhile
            }
        }
        if (all) {
            for (BootableImage b : bootables.list()) {
                if (!inUse.contains(bootables.rootfsOf(b.id()).toAbsolutePath().normalize().toString())) {
                    bootables.remove(b);
                    lines.add("untagged: " + b.reference());
                    lines.add("deleted: sha256:" + b.id());
                }
            }
        }
        long after = lines.isEmpty() ? before : Sizes.of(store.base()) + Sizes.of(root.resolve("bootable"));
        return new Report(lines, Math.max(0, before - after));
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

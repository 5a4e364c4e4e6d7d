package org.racker.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.distro.Catalogue;
import org.racker.distro.CatalogueDirs;
import org.racker.distro.CatalogueEntry;
import org.racker.distro.CuratedImage;
import org.racker.distro.CuratedImagePuller;
import org.racker.distro.CuratedImageStore;
import org.racker.distro.ImageSources;
import picocli.CommandLine.Model.CommandSpec;

/** {@code postroj pull}: fetch curated images and make them bootable, once. */
public final class PostrojPullCommand implements Callable<Integer> {
    private final PostrojCommand parent;
    boolean all;
    boolean force;
    List<String> names = new ArrayList<>();

    PostrojPullCommand(PostrojCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        return CommandModel.of(this, "pull", "Pull curated images: the first source that serves wins; the image is made"
                        + " bootable (systemd, curl); containers of it skip what tests never need at boot, not in the"
                        + " image.")
                .add(CommandModel.flag(v -> all = v, "--all").description("Every image of the catalogue."))
                .add(CommandModel.flag(v -> force = v, "--force")
                        .description("Pull again even when the image is there."))
                // accepted for scripts written when pulls masked units in the image: nothing is
                // masked there any more, the boot profile is chosen per container
                .add(CommandModel.flag(v -> { }, "--no-boot-profile").hidden(true))
                .add(CommandModel.positionals(v -> names = v).arity("0..*").paramLabel("NAME")
                        .description("Names from postroj list-images."))
                .spec();
    }

    @Override
    public Integer call() throws Exception {
        GlobalOptions global = parent.global;
        PrintWriter out = parent.spec.commandLine().getOut();
        PrintWriter err = parent.spec.commandLine().getErr();
        StderrEventLog log = new StderrEventLog(err, global.verbose, global.debug, System.nanoTime(), "postroj");
        Catalogue catalogue = Catalogue.load(CatalogueDirs.fromEnvironment());
        List<CatalogueEntry> entries = new ArrayList<>();
        if (all) {
            entries.addAll(catalogue.all());
        } else if (names.isEmpty()) {
            throw new InvalidArgumentException("name an image to pull (postroj list-images shows them), or give --all");
        }
        for (String name : names) {
            entries.add(catalogue.find(name).orElseThrow(() -> new InvalidArgumentException("unknown image \"" + name
                    + "\": postroj list-images shows the curated images")));
        }
        ImageSources service = new ImageSources(global.root, log, true);
        CuratedImageStore store = service.curated();
        CuratedImagePuller puller = service.curatedPuller();
        int failed = 0;
        for (CatalogueEntry entry : entries) {
            if (!force && store.find(entry.name()).isPresent()) {
                out.println(entry.name() + ": already pulled (--force pulls it again)");
                continue;
            }
            try {
                CuratedImagePuller.Result result = puller.pull(entry);
                for (String failure : result.failedSources()) {
                    err.println("postroj: " + entry.name() + ": skipped " + failure);
                }
                CuratedImage image = result.image();
                out.println(entry.name() + ": pulled from " + image.source() + " (" + image.sourceDetail() + ")");
            } catch (RackerException e) {
                if (entries.size() == 1) {
                    throw e;
                }
                err.println("postroj: " + e.getMessage());
                failed++;
            }
            out.flush();
        }
        return failed == 0 ? 0 : 1;
    }
}

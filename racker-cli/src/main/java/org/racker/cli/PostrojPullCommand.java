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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code postroj pull}: fetch curated images and make them bootable, once. */
@Command(name = "pull", mixinStandardHelpOptions = true,
        description = {"Pull curated images: the first source that serves wins; the image is made bootable"
                + " (systemd, curl); containers of it skip what tests never need at boot, not in the image."})
public final class PostrojPullCommand implements Callable<Integer> {
    @ParentCommand
    PostrojCommand parent;

    @Option(names = "--all", description = "Every image of the catalogue.")
    boolean all;

    @Option(names = "--force", description = "Pull again even when the image is there.")
    boolean force;

    // Accepted for scripts written when pulls masked units in the image: nothing is masked
    // there any more, the boot profile is chosen per container.
    @Option(names = "--no-boot-profile", hidden = true)
    boolean noBootProfile;

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Names from postroj list-images.")
    List<String> names = new ArrayList<>();

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

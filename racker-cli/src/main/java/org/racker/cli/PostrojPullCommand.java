package org.racker.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.api.CuratedPull;
import org.racker.api.CuratedPuller;
import org.racker.api.Images;
import org.racker.api.Racker;
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
        Images store = Racker.builder().root(global.root).eventLog(log).build().images();
        List<String> entries = new ArrayList<>();
        if (all) {
            store.catalogue().forEach(e -> entries.add(e.name()));
        } else if (names.isEmpty()) {
            throw new InvalidArgumentException("name an image to pull (postroj list-images shows them), or give --all");
        }
        // every name is checked before anything is pulled
        store.catalogue(names).forEach(e -> entries.add(e.name()));
        CuratedPuller puller = store.curatedPuller();
        int failed = 0;
        for (String entry : entries) {
            try {
                CuratedPull result = puller.pull(entry, force);
                if (result.alreadyPresent()) {
                    out.println(entry + ": already pulled (--force pulls it again)");
                    continue;
                }
                for (String failure : result.skippedSources()) {
                    err.println("postroj: " + entry + ": skipped " + failure);
                }
                out.println(entry + ": pulled from " + result.source() + " (" + result.sourceDetail() + ")");
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

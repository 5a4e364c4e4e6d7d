package org.racker.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.racker.InvalidArgumentException;
import org.racker.api.CuratedEntry;
import org.racker.api.Images;
import org.racker.api.Racker;
import picocli.CommandLine.Model.CommandSpec;

/** {@code postroj list-images}: the curated distribution images. */
public final class ListImagesCommand implements Callable<Integer> {
    private final PostrojCommand parent;
    String format = "table";

    ListImagesCommand(PostrojCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        return CommandModel.of(this, "list-images", "List the curated distribution images.",
                        "Add or override entries with *.json files in /etc/racker/images.d or"
                                + " ~/.config/racker/images.d.")
                .add(CommandModel.option(String.class, v -> format = v, "--format").paramLabel("FORMAT")
                        .description("table (default) or json."))
                .spec();
    }

    @Override
    public Integer call() throws Exception {
        List<CuratedEntry> catalogue = Racker.withRoot(parent.global.root).images().catalogue();
        PrintWriter out = parent.spec.commandLine().getOut();
        switch (format) {
            case "json" -> {
                out.println(Images.catalogueJson());
            }
            case "table" -> {
                TextTable table = new TextTable("NAME", "DISTRIBUTION", "RELEASE", "PACKAGES", "SOURCES", "PULLED");
                for (CuratedEntry e : catalogue) {
                    table.row(e.name(), e.distribution(), e.release(), e.packageManager(), String.join(", ", e.sources()),
                            e.pulled().map(p -> p.substring(0, 10)).orElse("-"));
                }
                table.print(out);
            }
            default -> throw new InvalidArgumentException("invalid --format \"" + format + "\": use table or json");
        }
        out.flush();
        return 0;
    }
}

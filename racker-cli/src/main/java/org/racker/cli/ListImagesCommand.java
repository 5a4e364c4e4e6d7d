package org.racker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.racker.InvalidArgumentException;
import org.racker.distro.Catalogue;
import org.racker.distro.CatalogueDirs;
import org.racker.distro.CatalogueEntry;
import org.racker.distro.ImageSource;
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
        Catalogue catalogue = Catalogue.load(CatalogueDirs.fromEnvironment());
        org.racker.distro.CuratedImageStore pulled = new org.racker.distro.CuratedImageStore(parent.global.root);
        PrintWriter out = parent.spec.commandLine().getOut();
        switch (format) {
            case "json" -> {
                ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                out.println(json.writeValueAsString(catalogue.all()));
            }
            case "table" -> {
                TextTable table = new TextTable("NAME", "DISTRIBUTION", "RELEASE", "PACKAGES", "SOURCES", "PULLED");
                for (CatalogueEntry e : catalogue.all()) {
                    table.row(e.name(), e.distribution(), e.release(), e.packageManager(),
                            e.sources().stream().map(ListImagesCommand::kind).collect(Collectors.joining(", ")),
                            pulled.find(e.name()).map(i -> i.pulled().substring(0, 10)).orElse("-"));
                }
                table.print(out);
            }
            default -> throw new InvalidArgumentException("invalid --format \"" + format + "\": use table or json");
        }
        out.flush();
        return 0;
    }

    private static String kind(ImageSource source) {
        if (source instanceof ImageSource.Bootstrap b) {
            return b.tool();
        }
        return source instanceof ImageSource.Docker ? "docker" : "tarball";
    }
}

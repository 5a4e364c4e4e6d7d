package org.racker.cli;

import static org.racker.cli.CommandModel.flag;
import static org.racker.cli.CommandModel.option;
import static org.racker.cli.CommandModel.positional;

import org.racker.json.JsonValues;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.racker.InvalidArgumentException;
import org.racker.api.ImageFilter;
import org.racker.api.ImageSummary;
import org.racker.api.Racker;
import picocli.CommandLine.Model.CommandSpec;

/** {@code racker images}: what the store holds. */
public final class ImagesCommand implements Callable<Integer> {
    private final RackerCommand parent;
    boolean quiet;
    boolean all;
    String format = "table";
    String reference;

    ImagesCommand(RackerCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        return CommandModel.of(this, "images", "List pulled images.")
                .add(flag(v -> quiet = v, "-q", "--quiet").description("Show only image ids."))
                .add(flag(v -> all = v, "-a", "--all")
                        .description("Show all images (racker keeps no intermediate ones: the same list)."))
                .add(option(String.class, v -> format = v, "--format").paramLabel("FORMAT")
                        .description("table (default), json (one object a line), or a Go template such as"
                                + " 'table {{.Repository}}\\t{{.Tag}}'."))
                .add(positional(String.class, v -> reference = v).index("0").arity("0..1")
                        .paramLabel("REPOSITORY[:TAG]")
                        .description("Only this repository's images (all its tags, or only TAG)."))
                .spec();
    }

    /** The header docker's {@code table} format gives each field. */
    private static final Map<String, String> HEADERS = Map.of("Containers", "CONTAINERS", "CreatedAt", "CREATED AT",
            "CreatedSince", "CREATED", "Digest", "DIGEST", "ID", "IMAGE ID", "Repository", "REPOSITORY",
            "SharedSize", "SHARED SIZE", "Size", "SIZE", "Tag", "TAG", "UniqueSize", "UNIQUE SIZE");

    @Override
    public Integer call() throws Exception {
        boolean table = format.equals("table") || format.startsWith("table ");
        GoTemplate template = format.equals("json") ? GoTemplate.parse("{{json .}}")
                : format.equals("table") ? GoTemplate.parse("{{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}")
                : format.contains("{{") ? GoTemplate.parse(table ? format.substring("table".length()).strip() : format)
                : null;
        if (template == null) {
            throw new InvalidArgumentException("invalid --format \"" + format
                    + "\": use table, json or a Go template such as '{{.Repository}}:{{.Tag}}'");
        }
        // every row has the same fields: one none has is refused now, also when no image is listed
        template.render(JsonValues.toTree(HEADERS));
        List<ImageSummary> images = Racker.withRoot(parent.global.root).images()
                .list(reference == null ? ImageFilter.ALL : ImageFilter.reference(reference));
        PrintWriter out = parent.spec.commandLine().getOut();
        if (quiet) {
            // an image's tags share its id: once each, as docker shows it; bootable ids are unique
            images.stream().filter(i -> !i.bootable()).map(ImageSummary::shortId).distinct().forEach(out::println);
            images.stream().filter(ImageSummary::bootable).forEach(b -> out.println(b.shortId()));
            out.flush();
            return 0;
        }
        List<String> lines = new ArrayList<>();
        if (table) {
            lines.add(template.render(JsonValues.toTree(HEADERS)));
        }
        Instant now = Instant.now();
        for (ImageSummary image : images) {
            lines.add(template.render(JsonValues.toTree(row(image, now))));
        }
        if (table) {
            TabAligner.print(lines, out);
        } else {
            lines.forEach(out::println);
        }
        out.flush();
        return 0;
    }

    /** An image as docker's {@code images --format} sees it: its field names, text values. */
    private static Map<String, String> row(ImageSummary image, Instant now) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Containers", "N/A");
        m.put("CreatedAt", image.created().map(Instant::toString).orElse("N/A"));
        m.put("CreatedSince", image.created().map(c -> Durations.human(Duration.between(c, now)) + " ago").orElse("N/A"));
        m.put("Digest", image.manifestDigest().orElse("<none>"));
        m.put("ID", image.shortId());
        m.put("Repository", image.repository().orElse("<none>"));
        m.put("SharedSize", "N/A");
        m.put("Size", Sizes.human(image.size(), 3));
        m.put("Tag", image.tag().orElse("<none>"));
        m.put("UniqueSize", "N/A");
        return m;
    }
}

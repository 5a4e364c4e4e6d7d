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
import java.util.function.Predicate;
import org.racker.InvalidArgumentException;
import org.racker.distro.BootableImage;
import org.racker.distro.BootableImageStore;
import org.racker.image.ImageReference;
import org.racker.store.ImageStore;
import org.racker.store.StoredImage;
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
        ImageStore store = new ImageStore(parent.global.root);
        List<Map.Entry<String, StoredImage>> images = store.list();
        List<BootableImage> bootables = new BootableImageStore(parent.global.root).list();
        if (reference != null) {
            Predicate<String> wanted = matching(reference);
            images = images.stream().filter(e -> e.getKey() != null && wanted.test(e.getKey())).toList();
            // a bootable image is listed under its base's repository
            bootables = bootables.stream().filter(b -> wanted.test(b.baseReference())).toList();
        }
        PrintWriter out = parent.spec.commandLine().getOut();
        if (quiet) {
            images.stream().map(e -> e.getValue().shortId()).distinct().forEach(out::println);
            bootables.forEach(b -> out.println(b.shortId()));
            out.flush();
            return 0;
        }
        List<String> lines = new ArrayList<>();
        if (table) {
            lines.add(template.render(JsonValues.toTree(HEADERS)));
        }
        Instant now = Instant.now();
        for (Map.Entry<String, StoredImage> e : images) {
            lines.add(template.render(JsonValues.toTree(row(e.getKey(), e.getValue(), now))));
        }
        for (BootableImage b : bootables) {
            lines.add(template.render(JsonValues.toTree(row(b, store, now))));
        }
        if (table) {
            TabAligner.print(lines, out);
        } else {
            lines.forEach(out::println);
        }
        out.flush();
        return 0;
    }

    /**
     * A bootable image racker made from a registry image: listed under its base's repository,
     * tagged with the base's tag and {@code +boot} (a character docker tags never have), or
     * {@code <none>} once the base's tag names a newer image, as docker shows a dangling one.
     */
    private static Map<String, String> row(BootableImage image, ImageStore store, Instant now)
            throws InvalidArgumentException {
        ImageReference base = ImageReference.parse(image.baseReference());
        boolean current = store.find(base).map(i -> i.id().equals(image.baseId())).orElse(true);
        Map<String, String> m = new LinkedHashMap<>();
        Instant created = Instant.parse(image.created());
        m.put("Containers", "N/A");
        m.put("CreatedAt", created.toString());
        m.put("CreatedSince", Durations.human(Duration.between(created, now)) + " ago");
        m.put("Digest", "<none>");
        m.put("ID", image.shortId());
        m.put("Repository", base.name());
        m.put("SharedSize", "N/A");
        m.put("Size", Sizes.human(image.size(), 3));
        m.put("Tag", current ? base.tag().orElse("latest") + BootableImage.TAG_SUFFIX : "<none>");
        m.put("UniqueSize", "N/A");
        return m;
    }

    /**
     * docker's filter by reference: the same repository once both names are normalised
     * ({@code debian} is {@code docker.io/library/debian}), and the same tag when one is given.
     */
    static Predicate<String> matching(String reference)
            throws InvalidArgumentException {
        ImageReference wanted = ImageReference.parse(reference);
        String last = reference.substring(reference.lastIndexOf('/') + 1);
        boolean tagged = last.contains(":") || last.contains("@");
        return name -> {
            try {
                ImageReference ref = ImageReference.parse(name);
                return ref.name().equals(wanted.name()) && (!tagged || ref.equals(wanted)
                        || ref.tag().isPresent() && ref.tag().equals(wanted.tag()) && wanted.digest().isEmpty());
            } catch (InvalidArgumentException notAReference) {
                return false;
            }
        };
    }

    /** An image as docker's {@code images --format} sees it: its field names, text values. */
    private static Map<String, String> row(String reference, StoredImage image, Instant now) {
        String repository = "<none>";
        String tag = "<none>";
        if (reference != null) {
            try {
                ImageReference ref = ImageReference.parse(reference);
                repository = ref.name();
                tag = ref.tag().orElse("<none>");
            } catch (InvalidArgumentException e) {
                repository = reference;
            }
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Containers", "N/A");
        m.put("CreatedAt", image.config().createdInstant().map(Instant::toString).orElse("N/A"));
        m.put("CreatedSince", image.config().createdInstant()
                .map(c -> Durations.human(Duration.between(c, now)) + " ago").orElse("N/A"));
        m.put("Digest", image.manifestDigest().toString());
        m.put("ID", image.shortId());
        m.put("Repository", repository);
        m.put("SharedSize", "N/A");
        m.put("Size", Sizes.human(image.size(), 3));
        m.put("Tag", tag);
        m.put("UniqueSize", "N/A");
        return m;
    }
}

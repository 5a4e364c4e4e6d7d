package org.racker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.racker.InvalidArgumentException;
import org.racker.image.ImageReference;
import org.racker.store.ImageStore;
import org.racker.store.StoredImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code racker images}: what the store holds. */
@Command(name = "images", mixinStandardHelpOptions = true, description = "List pulled images.")
public final class ImagesCommand implements Callable<Integer> {
    @ParentCommand
    RackerCommand parent;

    @Option(names = {"-q", "--quiet"}, description = "Show only image ids.")
    boolean quiet;

    @Option(names = "--format", paramLabel = "FORMAT", description = "table (default) or json.")
    String format = "table";

    @Override
    public Integer call() throws Exception {
        ImageStore store = new ImageStore(parent.global.root);
        List<Map.Entry<String, StoredImage>> images = store.list();
        PrintWriter out = parent.spec.commandLine().getOut();
        if (quiet) {
            images.stream().map(e -> e.getValue().shortId()).distinct().forEach(out::println);
        } else if (format.equals("json")) {
            List<Map<String, Object>> rows = images.stream().map(e -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("Id", "sha256:" + e.getValue().id());
                m.put("Reference", e.getKey());
                m.put("Digest", e.getValue().manifestDigest().toString());
                m.put("Created", e.getValue().config().created());
                m.put("Pulled", e.getValue().pulled());
                m.put("Size", e.getValue().size());
                return m;
            }).toList();
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
        } else if (format.equals("table")) {
            TextTable table = new TextTable("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
            Instant now = Instant.now();
            for (Map.Entry<String, StoredImage> e : images) {
                String repository = "<none>";
                String tag = "<none>";
                if (e.getKey() != null) {
                    ImageReference ref = ImageReference.parse(e.getKey());
                    repository = ref.name();
                    tag = ref.tag().orElse("<none>");
                }
                StoredImage image = e.getValue();
                String created = image.config().createdInstant()
                        .map(c -> Durations.human(Duration.between(c, now)) + " ago").orElse("N/A");
                table.row(repository, tag, image.shortId(), created, PullProgressPrinter.size(image.size()));
            }
            table.print(out);
        } else {
            throw new InvalidArgumentException("invalid --format \"" + format + "\": use table or json");
        }
        out.flush();
        return 0;
    }
}

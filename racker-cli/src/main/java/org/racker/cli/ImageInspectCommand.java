package org.racker.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.racker.distro.BootableImage;
import org.racker.distro.BootableImageStore;
import org.racker.distro.CuratedImage;
import org.racker.distro.CuratedImageStore;
import org.racker.image.json.ImageJson;
import org.racker.store.ImageNotFoundException;
import org.racker.store.ImageStore;
import org.racker.store.StoredImage;
import picocli.CommandLine.Model.CommandSpec;

/** {@code racker image inspect}: an image's record as JSON. */
public final class ImageInspectCommand implements Callable<Integer> {
    private final ImageCommand parent;
    List<String> images;

    ImageInspectCommand(ImageCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        return CommandModel.of(this, "inspect", "Show images as JSON (for a curated image or one racker made bootable,"
                        + " IMAGE+boot: its provenance).")
                .add(CommandModel.positionals(v -> images = v).arity("1..*").paramLabel("IMAGE"))
                .spec();
    }

    @Override
    public Integer call() throws Exception {
        RackerCommand racker = parent.parent;
        ImageStore store = new ImageStore(racker.global.root);
        PrintWriter out = racker.spec.commandLine().getOut();
        PrintWriter err = racker.spec.commandLine().getErr();
        List<Map<String, Object>> result = new ArrayList<>();
        int status = 0;
        CuratedImageStore curated = new CuratedImageStore(racker.global.root);
        BootableImageStore bootables = new BootableImageStore(racker.global.root);
        for (String name : images) {
            List<BootableImage> derived = bootables.resolve(name);
            if (!derived.isEmpty()) {
                derived.forEach(b -> result.add(bootableRecord(b, bootables.rootfsOf(b.id()))));
                continue;
            }
            // curated names resolve first, as they do for run
            Optional<CuratedImage> pulled = name.matches("[a-z0-9][a-z0-9._-]*") ? curated.find(name) : Optional.empty();
            if (pulled.isPresent()) {
                result.add(curatedRecord(pulled.get(), curated.rootfsOf(name)));
                continue;
            }
            try {
                StoredImage image = store.resolve(name);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("Id", "sha256:" + image.id());
                m.put("RepoTags", store.list().stream().filter(e -> e.getKey() != null && e.getValue().id().equals(image.id()))
                        .map(Map.Entry::getKey).toList());
                m.put("Digest", image.manifestDigest().toString());
                m.put("Platform", image.platform());
                m.put("Source", image.source());
                m.put("Pulled", image.pulled());
                m.put("Size", image.size());
                m.put("Rootfs", store.rootfsOf(image).toString());
                m.put("Layers", image.layers());
                m.put("Config", image.config());
                result.add(m);
            } catch (ImageNotFoundException e) {
                err.println("racker: " + e.getMessage());
                status = ExitCodes.NO_SUCH_CONTAINER;
            }
        }
        out.println(ImageJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
        out.flush();
        err.flush();
        return status;
    }

    /** A bootable image racker made from a registry image: its base and how it was provisioned. */
    static Map<String, Object> bootableRecord(BootableImage image, Path rootfs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", "sha256:" + image.id());
        m.put("RepoTags", List.of(image.reference()));
        m.put("DerivedFrom", InspectCommand.derivedFrom(image));
        m.put("Size", image.size());
        m.put("Rootfs", rootfs.toString());
        m.put("Provisioning", image.steps());
        return m;
    }

    /** A curated image's provenance: which source served, the digest or mirror state, and how it was made ready. */
    static Map<String, Object> curatedRecord(CuratedImage image, Path rootfs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", image.name());
        m.put("Curated", true);
        m.put("Distribution", image.distribution());
        m.put("Release", image.release());
        m.put("PackageManager", image.packageManager());
        m.put("Source", image.source());
        m.put("SourceDetail", image.sourceDetail());
        m.put("Pulled", image.pulled());
        m.put("Rootfs", rootfs.toString());
        m.put("Provisioning", image.provisioning());
        m.put("MaskedUnits", image.maskedUnits());
        return m;
    }
}

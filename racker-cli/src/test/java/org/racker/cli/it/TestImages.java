package org.racker.cli.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.racker.image.Digest;
import org.racker.image.MediaType;
import org.racker.image.json.Descriptor;
import org.racker.image.json.ImageJson;
import org.racker.image.json.ImageManifest;
import org.racker.registry.OciLayout;

/**
 * OCI layouts built from real directories with GNU tar, one layer per directory, for seeding
 * the local registry: what a user would push with any image builder.
 */
final class TestImages {
    private TestImages() { }

    /** Adds an image of {@code layerDirs} (base first) with {@code config} to the layout, tagged. */
    static Descriptor add(OciLayout layout, String tag, List<Path> layerDirs, Map<String, Object> containerConfig) {
        return addTars(layout, tag, layerDirs.stream().map(TestImages::tar).toList(), containerConfig);
    }

    /** The same from layer tars made by the caller. */
    static Descriptor addTars(OciLayout layout, String tag, List<byte[]> tars, Map<String, Object> containerConfig) {
        return addLayers(layout, tag, tars.stream().map(Layer::of).toList(), containerConfig);
    }

    /** A layer compressed once, for images that share it. */
    record Layer(String diffId, byte[] gzipped) {
        static Layer of(byte[] tar) {
            return new Layer(Digest.sha256(tar).toString(), gzip(tar));
        }
    }

    /** The same from layers compressed by the caller. */
    static Descriptor addLayers(OciLayout layout, String tag, List<Layer> parts, Map<String, Object> containerConfig) {
        List<Descriptor> layers = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        for (Layer layer : parts) {
            diffIds.add(layer.diffId());
            layers.add(layout.addBlob(MediaType.OCI_LAYER_GZIP, layer.gzipped()));
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("created", "2026-01-01T00:00:00Z");
        config.put("architecture", "amd64");
        config.put("os", "linux");
        config.put("config", containerConfig);
        config.put("rootfs", Map.of("type", "layers", "diff_ids", diffIds));
        Descriptor configDescriptor = layout.addBlob(MediaType.OCI_CONFIG, ImageJson.write(config));
        Descriptor manifest = layout.addBlob(MediaType.OCI_MANIFEST,
                ImageJson.write(ImageManifest.of(MediaType.OCI_MANIFEST, configDescriptor, layers)));
        layout.tag(tag, manifest);
        return manifest;
    }

    static byte[] tar(Path dir) {
        return tar(dir, List.of("."));
    }

    /** GNU tar of {@code members} (and options such as --exclude) relative to {@code dir}. */
    static byte[] tar(Path dir, List<String> members) {
        try {
            List<String> cmd = new ArrayList<>(List.of("tar", "--numeric-owner", "--xattrs", "-C", dir.toString(), "-cf", "-"));
            cmd.addAll(members);
            Process p = new ProcessBuilder(cmd)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            byte[] bytes = p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                throw new IOException("tar of " + dir + " failed");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

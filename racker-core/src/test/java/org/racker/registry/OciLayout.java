package org.racker.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.racker.image.Digest;
import org.racker.image.MediaType;
import org.racker.image.Platform;
import org.racker.image.json.Descriptor;
import org.racker.image.json.DescriptorPlatform;
import org.racker.image.json.ImageIndex;
import org.racker.image.json.ImageJson;
import org.racker.image.json.ImageManifest;

/**
 * Builds an OCI image layout (https://github.com/opencontainers/image-spec/blob/main/image-layout.md)
 * for tests to seed a registry from with skopeo: blobs under blobs/sha256, tags in index.json.
 */
public final class OciLayout {
    private static final String REF_NAME = "org.opencontainers.image.ref.name";

    private final Path dir;
    private final Map<String, Descriptor> tags = new LinkedHashMap<>();

    private OciLayout(Path dir) {
        this.dir = dir;
    }

    public static OciLayout create(Path dir) {
        try {
            Files.createDirectories(dir.resolve("blobs/sha256"));
            Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        OciLayout layout = new OciLayout(dir);
        layout.writeIndex();
        return layout;
    }

    public Path dir() {
        return dir;
    }

    /** Stores {@code content} as a blob. */
    public Descriptor addBlob(String mediaType, byte[] content) {
        Digest digest = Digest.sha256(content);
        try {
            Files.write(dir.resolve("blobs/sha256").resolve(digest.hex()), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Descriptor.of(mediaType, digest, content.length);
    }

    /**
     * An image of gzip layers for {@code platform}, its config naming {@code cmd}; returns the
     * manifest's descriptor with the platform set, ready to go into an index.
     */
    public Descriptor addImage(Platform platform, List<TarBuilder> layers, String... cmd) {
        return addImage(platform, layers, layers.stream().map(l -> MediaType.OCI_LAYER_GZIP).toList(), cmd);
    }

    /**
     * As {@link #addImage(Platform, List, String...)}, each layer compressed as its media type
     * says ({@link MediaType#OCI_LAYER_GZIP}, {@link MediaType#OCI_LAYER_ZSTD} or
     * {@link MediaType#OCI_LAYER_TAR}).
     */
    public Descriptor addImage(Platform platform, List<TarBuilder> layers, List<String> mediaTypes, String... cmd) {
        List<Descriptor> layerDescriptors = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            TarBuilder layer = layers.get(i);
            String mediaType = mediaTypes.get(i);
            diffIds.add(Digest.sha256(layer.tar()).toString());
            byte[] blob = switch (mediaType) {
                case MediaType.OCI_LAYER_GZIP -> layer.tarGz();
                case MediaType.OCI_LAYER_ZSTD -> layer.tarZstd();
                case MediaType.OCI_LAYER_TAR -> layer.tar();
                default -> throw new IllegalArgumentException("no layer compression for " + mediaType);
            };
            layerDescriptors.add(addBlob(mediaType, blob));
        }
        return addManifest(platform, addConfig(platform, diffIds, cmd), layerDescriptors);
    }

    /** A config for {@code platform} naming {@code cmd}, with these diff_ids (right or wrong). */
    public Descriptor addConfig(Platform platform, List<String> diffIds, String... cmd) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("created", "2024-01-01T00:00:00Z");
        config.put("architecture", platform.architecture());
        config.put("os", platform.os());
        if (!platform.variant().isEmpty()) {
            config.put("variant", platform.variant());
        }
        config.put("config", Map.of("Env", List.of("PATH=/usr/bin:/bin"), "Cmd", List.of(cmd)));
        config.put("rootfs", Map.of("type", "layers", "diff_ids", diffIds));
        return addBlob(MediaType.OCI_CONFIG, ImageJson.write(config));
    }

    /**
     * A manifest of any config and layers, which need not belong together (an image reusing
     * another's config, say); returns its descriptor with the platform set.
     */
    public Descriptor addManifest(Platform platform, Descriptor config, List<Descriptor> layers) {
        byte[] manifest = ImageJson.write(ImageManifest.of(MediaType.OCI_MANIFEST, config, layers));
        return addBlob(MediaType.OCI_MANIFEST, manifest).withPlatform(DescriptorPlatform.of(platform));
    }

    /** An index of {@code manifests}; returns its descriptor. */
    public Descriptor addIndex(List<Descriptor> manifests) {
        return addBlob(MediaType.OCI_INDEX, ImageJson.write(ImageIndex.of(MediaType.OCI_INDEX, manifests)));
    }

    /** Names {@code descriptor} {@code tag} in index.json (what skopeo's oci:DIR:TAG picks). */
    public OciLayout tag(String tag, Descriptor descriptor) {
        tags.put(tag, new Descriptor(descriptor.mediaType(), descriptor.digest(), descriptor.size(), null,
                Map.of(REF_NAME, tag), null, null));
        writeIndex();
        return this;
    }

    /** The raw bytes of a blob stored here. */
    public byte[] blob(Digest digest) {
        try {
            return Files.readAllBytes(dir.resolve("blobs/sha256").resolve(digest.hex()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeIndex() {
        try {
            Files.write(dir.resolve("index.json"), ImageJson.write(ImageIndex.of(null, List.copyOf(tags.values()))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return new String(ImageJson.write(tags), StandardCharsets.UTF_8);
    }
}

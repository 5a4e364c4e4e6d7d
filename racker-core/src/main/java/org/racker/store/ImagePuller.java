package org.racker.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.racker.RackerException;
import org.racker.image.ImageReference;
import org.racker.image.Platform;
import org.racker.image.json.Descriptor;
import org.racker.image.json.ImageConfig;
import org.racker.image.json.ImageJson;
import org.racker.image.json.ImageManifest;
import org.racker.layer.LayerCompression;
import org.racker.layer.LayerSource;
import org.racker.layer.LayerUnpackException;
import org.racker.layer.LayerUnpacker;
import org.racker.registry.RegistryClient;
import org.racker.registry.RegistryException;
import org.racker.registry.ResolvedImage;
import org.racker.runtime.EventLog;

/**
 * {@code racker pull}: resolves a reference to one manifest, fetches the blobs the store
 * lacks (verified while they stream, a few at a time), unpacks the layers into a work
 * directory and commits it as the image. Concurrent pulls of one image wait for each other
 * (a lock per image) and the second finds the first one's result.
 */
public final class ImagePuller {
    private static final int PARALLEL_DOWNLOADS = 3;

    private final ImageStore store;
    private final RegistryClient registry;
    private final LayerUnpacker unpacker;
    private final EventLog log;

    public ImagePuller(ImageStore store, RegistryClient registry, LayerUnpacker unpacker, EventLog log) {
        this.store = store;
        this.registry = registry;
        this.unpacker = unpacker;
        this.log = log;
    }

    public StoredImage pull(ImageReference reference, Platform platform, PullProgress progress) throws RackerException {
        store.removeAbandonedWork();
        ResolvedImage resolved = registry.resolve(reference, platform);
        ImageManifest manifest = resolved.imageManifest();
        Descriptor configDescriptor = manifest.config();
        String id = configDescriptor.digest().hex();
        progress.resolved(reference.toString(), resolved.repoDigest().toString(), manifest.layers().size());
        try (StoreLock lock = store.lock("image-" + id)) {
            try {
                StoredImage existing = store.resolve(id);
                store.tag(reference, id);
                progress.done(existing, true);
                return existing;
            } catch (ImageNotFoundException e) {
                // not there yet: pull it
            }
            for (Descriptor layer : manifest.layers()) {
                if (LayerCompression.forMediaType(layer.mediaType()).isEmpty()) {
                    throw new RegistryException("cannot unpack layer " + layer.digest() + " of " + reference
                            + ": unsupported media type " + layer.mediaType());
                }
            }
            fetch(reference, configDescriptor, PullProgress.SILENT);
            ImageConfig config = readConfig(configDescriptor);
            downloadLayers(reference, manifest.layers(), progress);
            writeManifest(resolved);
            Path work = store.newWorkDirectory();
            try {
                progress.unpacking(manifest.layers().size());
                List<LayerSource> sources = new ArrayList<>();
                for (Descriptor layer : manifest.layers()) {
                    sources.add(LayerSource.ofBlob(layer.digest().toString(), store.blobPath(layer.digest()),
                            LayerCompression.forMediaType(layer.mediaType()).orElseThrow()));
                }
                long t0 = System.nanoTime();
                unpacker.unpack(sources, work.resolve("rootfs"));
                log.info(String.format("unpacked %d layers of %s in %d ms", sources.size(), reference,
                        (System.nanoTime() - t0) / 1_000_000));
                StoredImage image = new StoredImage(id, resolved.manifest().digest(), configDescriptor.digest(),
                        manifest.layers(), config, resolved.platform().toString(), "docker://" + reference,
                        Instant.now().toString(), sizeOf(work.resolve("rootfs")));
                store.commit(work, image, reference);
                progress.done(image, false);
                return image;
            } finally {
                ImageStore.deleteTree(work);
            }
        } catch (IOException e) {
            throw new RegistryException("pulling " + reference + ": " + e.getMessage(), e);
        }
    }

    private void downloadLayers(ImageReference reference, List<Descriptor> layers, PullProgress progress)
            throws RackerException {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_DOWNLOADS, r -> {
            Thread t = new Thread(r, "racker-download");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> downloads = new ArrayList<>();
            for (Descriptor layer : layers) {
                if (store.hasBlob(layer.digest())) {
                    progress.layerExists(layer);
                    continue;
                }
                downloads.add(pool.submit(() -> {
                    fetch(reference, layer, progress);
                    progress.layerDownloaded(layer);
                    return null;
                }));
            }
            for (Future<?> download : downloads) {
                try {
                    download.get();
                } catch (ExecutionException e) {
                    downloads.forEach(d -> d.cancel(true));
                    if (e.getCause() instanceof RackerException r) {
                        throw r;
                    }
                    throw new RegistryException("pulling " + reference + ": " + e.getCause().getMessage(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RegistryException("pulling " + reference + " was interrupted", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void fetch(ImageReference reference, Descriptor descriptor, PullProgress progress) throws RegistryException {
        if (!store.hasBlob(descriptor.digest())) {
            registry.pullBlob(reference, descriptor, store.blobPath(descriptor.digest()),
                    (received, total) -> progress.layerDownloading(descriptor, received, total));
        }
    }

    private ImageConfig readConfig(Descriptor descriptor) throws IOException {
        return ImageJson.read(Files.readAllBytes(store.blobPath(descriptor.digest())), ImageConfig.class);
    }

    /** Kept as a blob like any other, for {@code image inspect} and re-pulls by digest. */
    private void writeManifest(ResolvedImage resolved) throws IOException {
        Path target = store.blobPath(resolved.manifest().digest());
        if (!Files.exists(target)) {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".manifest", ".partial");
            Files.write(tmp, resolved.manifest().content());
            Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
    }

    static long sizeOf(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.mapToLong(p -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    return a.isRegularFile() ? a.size() : 0;
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.racker.store;

import java.io.IOException;
import org.racker.fs.InterProcessLock;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.racker.RackerException;
import org.racker.image.Digest;
import org.racker.image.ImageReference;
import org.racker.image.InvalidImageReferenceException;
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
 * lacks (verified while they stream, a few at a time) and unpacks the layers into a work
 * directory, which is committed as the image. Concurrent pulls of one image wait for each
 * other (a lock per image) and the second finds the first one's result.
 *
 * <p>Downloading and unpacking overlap: each missing layer streams into a {@link BlobSpool}
 * and the unpacker reads layer after layer from the spools as they fill (from the store for
 * layers it has). Nothing is committed before every blob has been verified and stored; when a
 * download fails (a digest mismatch, say) the work directory, with whatever came of the
 * unverified bytes, is thrown away and the download's error is the pull's.
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
        try (InterProcessLock lock = store.lock("image-" + id)) {
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
            return download(reference, resolved, id, progress);
        } catch (IOException e) {
            throw new RegistryException("pulling " + reference + ": " + e.getMessage(), e);
        }
    }

    private StoredImage download(ImageReference reference, ResolvedImage resolved, String id, PullProgress progress)
            throws RackerException, IOException {
        ImageManifest manifest = resolved.imageManifest();
        Descriptor configDescriptor = manifest.config();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_DOWNLOADS, r -> {
            Thread t = new Thread(r, "racker-download");
            t.setDaemon(true);
            return t;
        });
        Map<Digest, BlobSpool> spools = new LinkedHashMap<>();
        try {
            Future<ImageConfig> config = pool.submit(() -> {
                fetch(reference, configDescriptor);
                return ImageJson.read(Files.readAllBytes(store.blobPath(configDescriptor.digest())), ImageConfig.class);
            });
            List<Descriptor> missing = new ArrayList<>();
            for (Descriptor layer : manifest.layers()) {
                if (store.hasBlob(layer.digest())) {
                    progress.layerExists(layer);
                } else if (!spools.containsKey(layer.digest())) {
                    spools.put(layer.digest(), BlobSpool.create(store.blobPath(layer.digest())));
                    missing.add(layer);
                }
            }
            AtomicInteger left = new AtomicInteger(missing.size());
            if (missing.isEmpty()) {
                progress.unpacking(manifest.layers().size());
            }
            for (Descriptor layer : missing) {
                BlobSpool spool = spools.get(layer.digest());
                pool.submit(() -> {
                    try {
                        registry.pullBlob(reference, layer, spool.output(),
                                (received, total) -> progress.layerDownloading(layer, received, total));
                        spool.store();
                    } catch (RegistryException | IOException | RuntimeException e) {
                        spool.fail(e);
                        throw e;
                    }
                    progress.layerDownloaded(layer);
                    if (left.decrementAndGet() == 0) {
                        log.info(String.format("downloaded the layers of %s in %d ms", reference, millisSince(start)));
                        progress.unpacking(manifest.layers().size());
                    }
                    return null;
                });
            }

            Path work = store.newWorkDirectory();
            try {
                List<LayerSource> sources = new ArrayList<>();
                for (Descriptor layer : manifest.layers()) {
                    sources.add(source(layer, spools.get(layer.digest())));
                }
                long unpackStart = System.nanoTime();
                long size;
                try {
                    size = unpacker.unpack(sources, work.resolve("rootfs"));
                } catch (LayerUnpackException e) {
                    throw downloadFailureBehind(e, spools);
                }
                log.info(String.format("unpacked %d layers of %s in %d ms", sources.size(), reference,
                        millisSince(unpackStart)));
                for (BlobSpool spool : spools.values()) {
                    awaitStored(reference, spool);
                }
                ImageConfig imageConfig = awaitConfig(reference, config);
                writeManifest(resolved);
                StoredImage image = new StoredImage(id, resolved.manifest().digest(), configDescriptor.digest(),
                        manifest.layers(), imageConfig, resolved.platform().toString(), "docker://" + reference,
                        Instant.now().toString(), size);
                store.commit(work, image, reference);
                progress.done(image, false);
                log.info(String.format("pulled %s in %d ms", reference, millisSince(start)));
                return image;
            } finally {
                ImageStore.deleteTree(work);
            }
        } finally {
            // Downloads still running (the unpacking failed) are given up; wait for them to
            // remove their partial files, so that nothing of a failed pull is left behind.
            IOException cancelled = new IOException("the pull of " + reference + " was given up");
            spools.values().forEach(spool -> spool.fail(cancelled));
            pool.shutdownNow();
            try {
                pool.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A layer from the store, or followed as it downloads into its spool. */
    private LayerSource source(Descriptor layer, BlobSpool spool) {
        LayerCompression compression = LayerCompression.forMediaType(layer.mediaType()).orElseThrow();
        Path blob = store.blobPath(layer.digest());
        return LayerSource.of(layer.digest().toString(), () -> {
            // No buffer in between: the decompressors read in large chunks, straight from the file.
            InputStream raw = spool == null ? Files.newInputStream(blob) : spool.follow();
            try {
                return compression.decompress(raw);
            } catch (IOException | RuntimeException e) {
                raw.close();
                throw e;
            }
        });
    }

    /**
     * What to report when unpacking failed. Unpacking reads a layer while it downloads, so a
     * blob with bad bytes may well break the decompressor or the tar reader before its
     * download has seen the end and found the digest wrong: wait for the download of the layer
     * that failed, and if that download failed, its error (a digest mismatch, say) is what
     * went wrong. Otherwise the layer itself is at fault.
     */
    private static RackerException downloadFailureBehind(LayerUnpackException e, Map<Digest, BlobSpool> spools) {
        BlobSpool spool = e.layer().flatMap(ImagePuller::digestOrEmpty).map(spools::get).orElse(null);
        if (spool != null) {
            try {
                spool.await();
            } catch (RackerException downloadFailure) {
                downloadFailure.addSuppressed(e);
                return downloadFailure;
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            } catch (Exception other) {
                e.addSuppressed(other);
            }
        }
        return e;
    }

    private static Optional<Digest> digestOrEmpty(String text) {
        try {
            return Optional.of(Digest.parse(text));
        } catch (InvalidImageReferenceException e) {
            return Optional.empty();
        }
    }

    private static void awaitStored(ImageReference reference, BlobSpool spool) throws RackerException {
        try {
            spool.await();
        } catch (RackerException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("pulling " + reference + " was interrupted", e);
        } catch (Exception e) {
            throw new RegistryException("pulling " + reference + ": " + e.getMessage(), e);
        }
    }

    private static ImageConfig awaitConfig(ImageReference reference, Future<ImageConfig> config)
            throws RackerException {
        try {
            return config.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RackerException r) {
                throw r;
            }
            throw new RegistryException("pulling the config of " + reference + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("pulling " + reference + " was interrupted", e);
        }
    }

    private void fetch(ImageReference reference, Descriptor descriptor) throws RegistryException {
        if (!store.hasBlob(descriptor.digest())) {
            registry.pullBlob(reference, descriptor, store.blobPath(descriptor.digest()));
        }
    }

    /** Kept as a blob like any other, for {@code image inspect} and re-pulls by digest. */
    private void writeManifest(ResolvedImage resolved) throws IOException {
        Path target = store.blobPath(resolved.manifest().digest());
        if (!Files.exists(target)) {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".manifest", ".partial");
            Files.write(tmp, resolved.manifest().content());
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}

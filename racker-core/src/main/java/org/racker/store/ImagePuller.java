package org.racker.store;

import org.racker.fs.AtomicFiles;
import java.io.IOException;
import org.racker.fs.InterProcessLock;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
import org.racker.registry.DigestMismatchException;
import org.racker.registry.DigestingInputStream;
import org.racker.registry.RegistryClient;
import org.racker.registry.RegistryException;
import org.racker.registry.ResolvedImage;
import org.racker.EventLog;

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
 *
 * <p>Each layer's uncompressed tar is hashed as it is unpacked and must match its diff_id in
 * the config: the image id is the config digest, and only this check makes the id stand for
 * the root's content (see {@link #upToDate}). A layer that does not match refuses the image;
 * the blobs of a refused image are not kept.
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
            Optional<StoredImage> existing = store.byId(id);
            if (existing.isPresent() && upToDate(existing.get(), manifest)) {
                store.tag(reference, id);
                progress.done(existing.get(), true);
                return existing.get();
            }
            for (Descriptor layer : manifest.layers()) {
                if (LayerCompression.forMediaType(layer.mediaType()).isEmpty()) {
                    throw new RegistryException("cannot unpack layer " + layer.digest() + " of " + reference
                            + ": unsupported media type " + layer.mediaType());
                }
            }
            Set<Digest> fetched = new LinkedHashSet<>();
            fetched.add(configDescriptor.digest());
            manifest.layers().forEach(layer -> fetched.add(layer.digest()));
            fetched.removeIf(store::hasBlob);
            try {
                return download(reference, resolved, id, progress);
            } catch (LayerUnpackException | DigestMismatchException e) {
                // Blobs of content found bad are not kept either, unless some image uses them.
                store.discardUnusedBlobs(fetched);
                throw e;
            }
        } catch (IOException e) {
            throw new RegistryException("pulling " + reference + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether the stored image with this config is the one the manifest describes, so that
     * only a tag needs adding. The config digest is the key, and sound as one only because a
     * pull verifies every layer against the config's diff_ids: a config then stands for exact
     * layer contents. A root stored before that check, or one whose layer blobs differ from the
     * manifest's (which might hold other content under the same config: an image built to pass
     * for another), is no proof: the layers are pulled and verified again.
     */
    private static boolean upToDate(StoredImage existing, ImageManifest manifest) {
        return existing.diffIdsVerified()
                && existing.layers().stream().map(Descriptor::digest).toList()
                        .equals(manifest.layers().stream().map(Descriptor::digest).toList());
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
                    } catch (Error e) { // the unpacker follows this download: it must hear of any end
                        spool.fail(new IOException("the download of " + layer.digest() + " failed: " + e, e));
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
                List<Descriptor> layers = manifest.layers();
                for (int i = 0; i < layers.size(); i++) {
                    sources.add(source(reference, layers.get(i), i, layers.size(), spools.get(layers.get(i).digest()),
                            config));
                }
                long unpackStart = System.nanoTime();
                long size;
                try {
                    size = unpacker.unpack(sources, work.resolve("rootfs"));
                } catch (LayerUnpackException e) {
                    throw failureBehind(reference, e, spools, config);
                }
                log.info(String.format("unpacked %d layers of %s in %d ms", sources.size(), reference,
                        millisSince(unpackStart)));
                for (BlobSpool spool : spools.values()) {
                    awaitStored(reference, spool);
                }
                ImageConfig imageConfig = awaitConfig(reference, config);
                diffIds(reference, imageConfig, layers.size()); // each layer matched its own; here: none are missing
                writeManifest(resolved);
                StoredImage image = new StoredImage(id, resolved.manifest().digest(), configDescriptor.digest(),
                        manifest.layers(), imageConfig, resolved.platform().toString(), "docker://" + reference,
                        Instant.now().toString(), size, true);
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

    /**
     * A layer from the store, or followed as it downloads into its spool, its uncompressed
     * tar hashed on the way and held against the config's diff_ids: the compressed digest
     * says only that the registry sent the blob the manifest names, the DiffID that the blob
     * holds what the config (the image id) stands for.
     */
    private LayerSource source(ImageReference reference, Descriptor layer, int index, int layerCount,
            BlobSpool spool, Future<ImageConfig> config) {
        LayerCompression compression = LayerCompression.forMediaType(layer.mediaType()).orElseThrow();
        Path blob = store.blobPath(layer.digest());
        return LayerSource.of(layer.digest().toString(), () -> {
            Digest expected = expectedDiffId(reference, config, index, layerCount);
            // No buffer in between: the decompressors read in large chunks, straight from the file.
            InputStream raw = spool == null ? Files.newInputStream(blob) : spool.follow();
            try {
                return new DigestingInputStream(compression.decompress(raw), expected, actual -> {
                    if (!actual.equals(expected)) {
                        throw new Refusal(new DigestMismatchException("pulling " + reference + ": layer "
                                + layer.digest() + " does not hold what the image config says: its uncompressed "
                                + "content hashes to " + actual + ", the config's diff_id is " + expected
                                + "; refusing the image, nothing was stored (it is corrupt or forged: pull it from"
                                + " its publisher's registry)", expected, actual));
                    }
                });
            } catch (IOException | RuntimeException e) {
                raw.close();
                throw e;
            }
        });
    }

    /** The diff_id layer {@code index} must match; waits for the config, a small blob fetched first. */
    private static Digest expectedDiffId(ImageReference reference, Future<ImageConfig> config, int index,
            int layerCount) throws IOException {
        ImageConfig imageConfig;
        try {
            imageConfig = config.get();
        } catch (ExecutionException e) {
            throw new ConfigUnavailable(e.getCause()); // the pull reports the config's own failure
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for the image config");
        }
        try {
            return diffIds(reference, imageConfig, layerCount).get(index);
        } catch (RegistryException e) {
            throw new Refusal(e);
        }
    }

    /** The config's diff_ids, one for each of the manifest's {@code layerCount} layers, or a refusal. */
    private static List<Digest> diffIds(ImageReference reference, ImageConfig config, int layerCount)
            throws RegistryException {
        List<Digest> diffIds = config.rootfs() == null || config.rootfs().diffIds() == null
                ? List.of() : config.rootfs().diffIds();
        if (diffIds.size() != layerCount || diffIds.stream().anyMatch(Objects::isNull)) {
            throw new DigestMismatchException("pulling " + reference + ": the manifest has " + layerCount
                    + " layers but the image config lists " + diffIds.size() + " diff_ids; refusing the image,"
                    + " nothing was stored", null, null);
        }
        return diffIds;
    }

    /** A layer refused for what it holds, carried through the unpacker's stream to the pull. */
    private static final class Refusal extends IOException {
        final RegistryException reason;

        Refusal(RegistryException reason) {
            super(reason.getMessage(), reason);
            this.reason = reason;
        }
    }

    /** The config could not be pulled: the pull reports why (awaitConfig), not this. */
    private static final class ConfigUnavailable extends IOException {
        ConfigUnavailable(Throwable cause) {
            super("the image config could not be pulled", cause);
        }
    }

    /**
     * What to report when unpacking failed: a download that failed first (see
     * {@link #downloadFailureBehind}), else the config that could not be pulled, else a layer
     * refused against the config, else the unpacker's own error.
     */
    private static RackerException failureBehind(ImageReference reference, LayerUnpackException e,
            Map<Digest, BlobSpool> spools, Future<ImageConfig> config) {
        RackerException behind = downloadFailureBehind(e, spools);
        if (behind != e) {
            return behind;
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof Refusal refusal) {
                refusal.reason.addSuppressed(e);
                return refusal.reason;
            }
            if (cause instanceof ConfigUnavailable) {
                try {
                    awaitConfig(reference, config);
                } catch (RackerException configFailure) {
                    return configFailure;
                }
            }
        }
        return e;
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

    /** A small blob into the store, through a spool: its partial file is named after this process. */
    private void fetch(ImageReference reference, Descriptor descriptor) throws RegistryException, IOException {
        if (store.hasBlob(descriptor.digest())) {
            return;
        }
        BlobSpool spool = BlobSpool.create(store.blobPath(descriptor.digest()));
        try {
            registry.pullBlob(reference, descriptor, spool.output());
            spool.store();
        } catch (RegistryException | IOException | RuntimeException e) {
            spool.fail(e);
            throw e;
        } catch (Error e) {
            spool.fail(new IOException(e.toString(), e));
            throw e;
        }
    }

    /** Kept as a blob like any other, for {@code image inspect} and re-pulls by digest. */
    private void writeManifest(ResolvedImage resolved) throws IOException {
        Path target = store.blobPath(resolved.manifest().digest());
        if (!Files.exists(target)) {
            Files.createDirectories(target.getParent());
            AtomicFiles.write(target, resolved.manifest().content());
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}

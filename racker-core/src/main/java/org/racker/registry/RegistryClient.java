package org.racker.registry;

import org.racker.fs.AtomicFiles;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.racker.image.ImageReference;
import org.racker.image.Platform;
import org.racker.image.json.Descriptor;
import org.racker.image.json.ImageJson;
import org.racker.EventLog;

/**
 * Pulls manifests and blobs over the registry HTTP API v2 (the OCI distribution spec,
 * https://github.com/opencontainers/distribution-spec/blob/main/spec.md). Each endpoint is
 * one small class ({@link ManifestPuller}, {@link BlobPuller}, {@link TokenAuthenticator});
 * {@link RegistryTransport} adds scheme choice, auth, redirects and retries; this class picks
 * the endpoints from registries.conf (mirrors first, then the registry itself, the next tried
 * when one fails) and verifies what arrives. Thread-safe; share one instance.
 */
public final class RegistryClient {
    /** Configs are small; this only bounds what {@link #pullBlobBytes} holds in memory. */
    private static final long MAX_IN_MEMORY_BLOB = 64L * 1024 * 1024;

    private final RegistryTransport transport;
    private final RegistriesConfig registriesConfig;
    private final EventLog log;

    private RegistryClient(Builder builder) {
        this.registriesConfig = builder.registriesConfig;
        this.log = builder.eventLog;
        this.transport = new RegistryTransport(builder.credentials, builder.retryPolicy, builder.tlsVerify,
                builder.eventLog, builder.userAgent, builder.connectTimeout, builder.requestTimeout);
        prepareInBackground();
    }

    /**
     * Sets up, on a thread of its own, what the pull will need after the manifest: the native
     * SHA-256 and Jackson's databind for image JSON. In a short-lived CLI that is a few
     * hundred milliseconds of class loading and JIT that would otherwise delay the downloads.
     * Whoever needs either first simply finishes the set-up.
     */
    private static void prepareInBackground() {
        Thread thread = new Thread(() -> {
            try {
                BlobHasher.prepare(); // needed with the first blob
                ImageJson.prepare(); // needed for the config and when the image is stored
            } catch (RuntimeException | LinkageError e) {
                // only a head start: the real calls report their own errors
            }
        }, "racker-prepare");
        thread.setDaemon(true);
        thread.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The manifest or index {@code reference} names, by digest when it has one, else by tag. */
    public PulledManifest pullManifest(ImageReference reference) throws RegistryException {
        return onEachEndpoint(reference, () -> new ManifestPuller(reference), false);
    }

    /**
     * The image manifest of {@code reference} for {@code platform}: directly when the
     * reference names a manifest, through the index when it names an index.
     *
     * @throws NoMatchingPlatformException listing the index's platforms when none fits
     */
    public ResolvedImage resolve(ImageReference reference, Platform platform) throws RegistryException {
        PulledManifest top = pullManifest(reference);
        if (!top.isIndex()) {
            return new ResolvedImage(reference, Optional.empty(), top, platform);
        }
        Descriptor chosen = PlatformSelector.select(reference, top.index(), platform);
        log.debug("pulling " + reference + " for " + platform + ": manifest " + chosen.digest());
        PulledManifest manifest = pullManifest(reference.withDigest(chosen.digest()));
        if (manifest.isIndex()) {
            throw new RegistryException("pulling manifest of " + reference + ": the index entry for " + platform
                    + " is itself an index, which racker does not follow");
        }
        return new ResolvedImage(reference, Optional.of(top), manifest,
                chosen.platform() == null ? platform : chosen.platform().toPlatform());
    }

    /** {@link #resolve} for the platform this machine runs. */
    public ResolvedImage resolve(ImageReference reference) throws RegistryException {
        return resolve(reference, Platform.host());
    }

    /** A small blob (an image config) in memory, verified. */
    public byte[] pullBlobBytes(ImageReference reference, Descriptor descriptor) throws RegistryException {
        if (descriptor.size() > MAX_IN_MEMORY_BLOB) {
            throw new RegistryException("pulling blob " + descriptor.digest() + " of " + reference + ": "
                    + descriptor.size() + " bytes is too large to hold in memory; pull it to a file");
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream((int) Math.max(0, descriptor.size()));
        BlobPuller puller = new BlobPuller(reference, descriptor, buffer, TransferListener.NONE);
        onEachEndpoint(reference, () -> puller, true);
        return buffer.toByteArray();
    }

    /**
     * Streams a blob into {@code out}, hashing it on the way; a dropped connection resumes.
     * When this throws (a {@link DigestMismatchException} included), {@code out} may hold part
     * or all of the bad content: discard it. {@link #pullBlob(ImageReference, Descriptor, Path,
     * TransferListener)} does that for you.
     */
    public void pullBlob(ImageReference reference, Descriptor descriptor, OutputStream out, TransferListener listener)
            throws RegistryException {
        BlobPuller puller = new BlobPuller(reference, descriptor, out, listener);
        onEachEndpoint(reference, () -> puller, true);
    }

    public void pullBlob(ImageReference reference, Descriptor descriptor, OutputStream out) throws RegistryException {
        pullBlob(reference, descriptor, out, TransferListener.NONE);
    }

    /**
     * Downloads a blob to {@code target} atomically: into a temporary file beside it, synced,
     * verified against the descriptor's digest and size, then renamed over {@code target}.
     * On any failure, a digest mismatch included, nothing is left: neither {@code target}
     * (unless it existed before) nor the temporary file.
     */
    public void pullBlob(ImageReference reference, Descriptor descriptor, Path target, TransferListener listener)
            throws RegistryException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        String action = "pulling blob " + descriptor.digest() + " of " + reference + " to " + target;
        List<RegistryEndpoint> endpoints = registriesConfig.endpointsFor(reference);
        List<RegistryException> failures = new ArrayList<>();
        for (int i = 0; i < endpoints.size(); i++) {
            RegistryEndpoint endpoint = endpoints.get(i);
            Path temp = null;
            try {
                Files.createDirectories(dir);
                temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".partial");
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                    transport.call(endpoint, new BlobPuller(reference, descriptor, out, listener));
                    out.flush();
                    channel.force(true);
                }
                moveIntoPlace(temp, absolute);
                return;
            } catch (DigestMismatchException e) {
                failures.add(new DigestMismatchException(e.getMessage() + "; nothing was kept", e.expected(),
                        e.actual()));
            } catch (RegistryException e) {
                failures.add(e);
            } catch (IOException e) {
                throw new RegistryException(action + ": " + e.getMessage(), e);
            } finally {
                deleteQuietly(temp);
            }
            if (i + 1 < endpoints.size()) {
                log.info(failures.get(failures.size() - 1).getMessage() + "; trying the next source");
            }
        }
        throw lastWithOthers(failures);
    }

    public void pullBlob(ImageReference reference, Descriptor descriptor, Path target) throws RegistryException {
        pullBlob(reference, descriptor, target, TransferListener.NONE);
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        AtomicFiles.moveIntoPlace(temp, target);
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // best effort; the name marks it as a partial download
            }
        }
    }

    private interface CallFactory<T> {
        EndpointCall<T> next();
    }

    /**
     * Tries {@code calls} on each endpoint for {@code reference} in order until one succeeds.
     * A blob call streaming into a caller's output is one stateful call for all endpoints (it
     * resumes); after a digest mismatch its output is spoilt, so no other endpoint is tried.
     */
    private <T> T onEachEndpoint(ImageReference reference, CallFactory<T> calls, boolean stopOnMismatch)
            throws RegistryException {
        List<RegistryEndpoint> endpoints = registriesConfig.endpointsFor(reference);
        List<RegistryException> failures = new ArrayList<>();
        for (int i = 0; i < endpoints.size(); i++) {
            try {
                return transport.call(endpoints.get(i), calls.next());
            } catch (DigestMismatchException e) {
                if (stopOnMismatch) {
                    failures.add(e);
                    throw lastWithOthers(failures);
                }
                failures.add(e);
            } catch (RegistryException e) {
                failures.add(e);
            }
            if (i + 1 < endpoints.size()) {
                log.info(failures.get(failures.size() - 1).getMessage() + "; trying the next source");
            }
        }
        throw lastWithOthers(failures);
    }

    /** The last endpoint's failure (the registry itself), the mirrors' attached as suppressed. */
    private static RegistryException lastWithOthers(List<RegistryException> failures) {
        RegistryException last = failures.get(failures.size() - 1);
        for (RegistryException other : failures.subList(0, failures.size() - 1)) {
            last.addSuppressed(other);
        }
        return last;
    }

    /** How a {@link RegistryClient} finds credentials, mirrors and TLS settings. */
    public static final class Builder {
        private CredentialStore credentials = CredentialStore.fromDefaultLocations();
        private RegistriesConfig registriesConfig = RegistriesConfig.empty();
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private boolean tlsVerify = true;
        private EventLog eventLog = EventLog.SILENT;
        private String userAgent = RegistryTransport.USER_AGENT;
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration requestTimeout = Duration.ofMinutes(2);

        private Builder() {
        }

        /** Default: the files of containers-auth.json(5) and docker's config.json. */
        public Builder credentials(CredentialStore value) {
            credentials = Objects.requireNonNull(value);
            return this;
        }

        /** Default: none; the CLI passes {@link RegistriesConfig#loadDefault()}. */
        public Builder registriesConfig(RegistriesConfig value) {
            registriesConfig = Objects.requireNonNull(value);
            return this;
        }

        public Builder retryPolicy(RetryPolicy value) {
            retryPolicy = Objects.requireNonNull(value);
            return this;
        }

        /**
         * {@code false} is {@code --tls-verify=false}: certificates are not checked and every
         * registry may fall back to plain HTTP, as with podman.
         */
        public Builder tlsVerify(boolean value) {
            tlsVerify = value;
            return this;
        }

        /** Retries at info, requests and redirects at debug; never credentials. */
        public Builder eventLog(EventLog value) {
            eventLog = Objects.requireNonNull(value);
            return this;
        }

        public Builder userAgent(String value) {
            userAgent = Objects.requireNonNull(value);
            return this;
        }

        public Builder connectTimeout(Duration value) {
            connectTimeout = Objects.requireNonNull(value);
            return this;
        }

        /** How long to wait for a response's headers (not its body). */
        public Builder requestTimeout(Duration value) {
            requestTimeout = Objects.requireNonNull(value);
            return this;
        }

        public RegistryClient build() {
            return new RegistryClient(this);
        }
    }
}

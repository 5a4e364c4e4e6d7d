package org.racker.distro;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.racker.RackerException;
import org.racker.download.DownloadCache;
import org.racker.fs.RootedDirectory;
import org.racker.fs.RootedFiles;
import org.racker.EventLog;
import org.racker.store.ImagePuller;
import org.racker.store.ImageStore;

/**
 * {@code postroj pull NAME}: tries the entry's sources in order until one serves, tells the
 * user which one did (and why the others failed), provisions the root, applies the boot
 * profile and commits the image with its provenance.
 */
public final class CuratedImagePuller {
    private static final int HOSTS_LIMIT = 1 << 20;
    private static final Pattern LOCALHOST = Pattern.compile("\\blocalhost\\b");

    private final CuratedImageStore store;
    private final EventLog log;
    private final SourceFetcher registry;
    private final SourceFetcher tarball;
    private final SourceFetcher bootstrap;
    private final Provisioner provisioner;

    public CuratedImagePuller(CuratedImageStore store, ImageStore images, ImagePuller puller, EventLog log) {
        this.store = store;
        this.log = log;
        this.registry = new RegistryFetcher(images, puller);
        this.tarball = new TarballFetcher(new DownloadCache(store.downloadCache(), log));
        this.bootstrap = new BootstrapFetcher(log);
        this.provisioner = new Provisioner(log);
    }

    /** What happened: the image, and each source tried before it with its failure. */
    public record Result(CuratedImage image, List<String> failedSources) { }

    public Result pull(CatalogueEntry entry) throws RackerException {
        store.removeAbandonedWork();
        List<String> failures = new ArrayList<>();
        Path work = store.newWorkDirectory(entry.name());
        try {
            Path rootfs = work.resolve("rootfs");
            for (ImageSource source : entry.sources()) {
                String detail;
                try {
                    log.info(entry.name() + ": trying " + source.describe());
                    detail = fetcherFor(source).fetch(entry, source, rootfs);
                } catch (RackerException e) {
                    failures.add(source.describe() + ": " + e.getMessage());
                    log.info(entry.name() + ": " + source.describe() + " failed: " + e.getMessage());
                    CuratedImageStore.deleteTree(rootfs);
                    continue;
                }
                Path provisionLog = store.provisioningLog(entry.name());
                java.nio.file.Files.deleteIfExists(provisionLog);
                List<String> steps = provisioner.provision(entry, rootfs, provisionLog);
                if (java.nio.file.Files.exists(provisionLog)) {
                    java.nio.file.Files.move(provisionLog, work.resolve("provision.log"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                nameAfterItself(rootfs, entry.name());
                CuratedImage image = new CuratedImage(entry.name(), entry.distribution(), entry.release(),
                        entry.packageManager(), source.describe(), detail, Instant.now().toString(), steps, List.of());
                store.commit(work, image);
                return new Result(image, failures);
            }
            throw new ProvisioningException("cannot pull " + entry.name() + ": every source failed: "
                    + String.join("; ", failures));
        } catch (IOException e) {
            throw new ProvisioningException("cannot pull " + entry.name() + ": " + e.getMessage(), e);
        } finally {
            try {
                CuratedImageStore.deleteTree(work);
            } catch (IOException e) {
                log.info("could not remove " + work + ": " + e.getMessage());
            }
        }
    }

    /**
     * Bootstrap tools copy the host's /etc/hostname into the image: name it after itself, and
     * make sure its hosts file knows localhost. Both are written inside the root, never
     * through a symlink the image has there.
     */
    static void nameAfterItself(Path rootfs, String name) throws IOException {
        Optional<RootedDirectory> found = new RootedFiles(rootfs).directory("/etc", false);
        if (found.isEmpty()) {
            return;
        }
        try (RootedDirectory etc = found.get()) {
            etc.writeText("hostname", name + "\n");
            String current = etc.readText("hosts", HOSTS_LIMIT).orElse("");
            if (!LOCALHOST.matcher(current).find()) {
                etc.writeText("hosts", "127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n" + current);
            }
        }
    }

    private SourceFetcher fetcherFor(ImageSource source) {
        if (source instanceof ImageSource.Docker) {
            return registry;
        }
        return source instanceof ImageSource.Tarball ? tarball : bootstrap;
    }
}

package org.racker.distro;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.racker.RackerException;
import org.racker.image.ImageReference;
import org.racker.image.Platform;
import org.racker.store.ImagePuller;
import org.racker.store.ImageStore;
import org.racker.store.PullProgress;
import org.racker.store.StoredImage;

/**
 * A registry image, pulled into the image store like any {@code racker pull}, then copied
 * (reflinked where the file system can) to become the curated image's own writable root.
 */
final class RegistryFetcher implements SourceFetcher {
    private final ImageStore store;
    private final ImagePuller puller;

    RegistryFetcher(ImageStore store, ImagePuller puller) {
        this.store = store;
        this.puller = puller;
    }

    @Override
    public String fetch(CatalogueEntry entry, ImageSource source, Path rootfs) throws RackerException {
        ImageReference reference = ImageReference.parse(((ImageSource.Docker) source).reference());
        StoredImage image = puller.pull(reference, Platform.host(), PullProgress.SILENT);
        try {
            Files.createDirectories(rootfs);
            Process cp = new ProcessBuilder("cp", "-a", "--reflink=auto", store.rootfsOf(image) + "/.", rootfs.toString())
                    .redirectErrorStream(true).start();
            String out = new String(cp.getInputStream().readAllBytes());
            if (!cp.waitFor(30, TimeUnit.MINUTES) || cp.exitValue() != 0) {
                throw new ProvisioningException("cannot copy the root of " + reference + ": " + out.strip());
            }
        } catch (IOException e) {
            throw new ProvisioningException("cannot copy the root of " + reference + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("copying the root of " + reference + " was interrupted", e);
        }
        return image.manifestDigest().toString();
    }
}

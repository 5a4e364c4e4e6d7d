package org.racker.distro;

import java.nio.file.Path;
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
        RootCopy.copy(store.rootfsOf(image), rootfs, reference.toString());
        return image.manifestDigest().toString();
    }
}

package org.racker.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.image.ImageReference;
import org.racker.image.Platform;
import org.racker.store.StoredImage;

/**
 * Turns the IMAGE argument of {@code run} into a root directory: a path is used as it is;
 * a name is looked up in the store and pulled when missing, as docker does.
 */
final class ImageLocator {
    private ImageLocator() { }

    /** A root to run and, for a stored image, its record (the config's defaults apply). */
    record Located(Path rootfs, StoredImage image) { }

    static Located locate(String image, ImageService images, String pullPolicy, PrintWriter progress)
            throws RackerException {
        if (image.startsWith("/") || image.startsWith("./") || image.startsWith("../")) {
            Path dir = Path.of(image);
            if (!Files.isDirectory(dir)) {
                throw new InvalidArgumentException("no such root directory: " + image);
            }
            return new Located(dir, null);
        }
        if (image.matches("[a-z0-9][a-z0-9._-]*")) {
            // curated names resolve first, as upstream racker did, and are pulled when missing
            var curated = images.curated();
            var entry = org.racker.distro.Catalogue.load(CatalogueDirs.fromEnvironment()).find(image);
            if (curated.find(image).isPresent() && !pullPolicy.equals("always")) {
                return new Located(curated.rootfsOf(image), null);
            }
            if (entry.isPresent()) {
                if (pullPolicy.equals("never")) {
                    throw new InvalidArgumentException("image " + image + " is not pulled and --pull=never was given:"
                            + " postroj pull " + image + " first");
                }
                progress.println("Unable to find image '" + image + "' locally: pulling the curated image");
                progress.flush();
                images.curatedPuller().pull(entry.get(), true);
                return new Located(curated.rootfsOf(image), null);
            }
        }
        ImageReference reference = ImageReference.parse(image);
        StoredImage stored = images.store().find(reference).orElse(null);
        if (pullPolicy.equals("always") || (stored == null && pullPolicy.equals("missing"))) {
            if (stored == null) {
                progress.println("Unable to find image '" + reference + "' locally");
            }
            stored = images.pull(reference, Platform.host(), progress, false);
        }
        if (stored == null) {
            throw new InvalidArgumentException("image " + reference + " is not in the store and --pull=never was"
                    + " given: racker pull it first");
        }
        return new Located(images.store().rootfsOf(stored), stored);
    }
}

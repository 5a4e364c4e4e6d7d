package org.racker.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.racker.InvalidArgumentException;

/**
 * Turns the IMAGE argument of {@code run} into a root directory. Until racker has an image
 * store, an image is a directory given by path; names are refused with what to do instead.
 */
final class ImageLocator {
    private ImageLocator() { }

    static Path locate(String image) throws InvalidArgumentException {
        if (image.startsWith("/") || image.startsWith("./") || image.startsWith("../")) {
            Path dir = Path.of(image);
            if (!Files.isDirectory(dir)) {
                throw new InvalidArgumentException("no such root directory: " + image);
            }
            return dir;
        }
        throw new InvalidArgumentException("image \"" + image + "\" is not available: this racker runs root"
                + " directories only; give one with --rootfs DIR");
    }
}

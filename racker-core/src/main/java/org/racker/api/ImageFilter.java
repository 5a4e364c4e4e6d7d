package org.racker.api;

import java.util.Objects;
import org.racker.InvalidArgumentException;
import org.racker.image.ImageReference;

/**
 * Which images {@link Images#list(ImageFilter)} returns: all of them, or those of one
 * repository (and tag), as docker's {@code images REPOSITORY[:TAG]} picks them.
 */
public final class ImageFilter {
    /** Every image. */
    public static final ImageFilter ALL = new ImageFilter(null, null, false);

    private final String given;
    private final ImageReference wanted;
    private final boolean tagged;

    private ImageFilter(String given, ImageReference wanted, boolean tagged) {
        this.given = given;
        this.wanted = wanted;
        this.tagged = tagged;
    }

    /**
     * The images of {@code reference}'s repository once both names are normalised
     * ({@code debian} is {@code docker.io/library/debian}); only those of its tag when it
     * names one. A bootable image racker made counts as its base's.
     *
     * @throws InvalidArgumentException when {@code reference} is no image reference
     */
    public static ImageFilter reference(String reference) throws InvalidArgumentException {
        Objects.requireNonNull(reference, "reference");
        ImageReference wanted = ImageReference.parse(reference);
        // a ':' after the last '/' is a tag, one before it a registry's port
        String last = reference.substring(reference.lastIndexOf('/') + 1);
        return new ImageFilter(reference, wanted, last.contains(":") || last.contains("@"));
    }

    /** Whether the image stored under {@code reference} (as {@link ImageSummary#reference()} gives it) is wanted. */
    public boolean matches(String reference) {
        if (wanted == null) {
            return true;
        }
        if (reference == null) {
            return false;
        }
        try {
            ImageReference ref = ImageReference.parse(reference);
            return ref.name().equals(wanted.name()) && (!tagged || ref.equals(wanted)
                    || ref.tag().isPresent() && ref.tag().equals(wanted.tag()) && wanted.digest().isEmpty());
        } catch (InvalidArgumentException notAReference) {
            return false;
        }
    }

    @Override
    public String toString() {
        return given == null ? "all images" : "images of " + given;
    }
}

package org.racker.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Which root filesystem a container runs: a directory on the host, used as it is (never
 * written to), or a name: a curated distribution image ({@code debian-bookworm}) or a
 * registry reference ({@code docker.io/library/debian:bookworm}), pulled into the state root
 * as the {@link PullPolicy} says.
 */
public final class Image {
    private final Path directory;
    private final String name;

    private Image(Path directory, String name) {
        this.directory = directory;
        this.name = name;
    }

    /** An unpacked root filesystem on the host. */
    public static Image directory(Path rootfs) {
        return new Image(Objects.requireNonNull(rootfs, "rootfs").toAbsolutePath().normalize(), null);
    }

    /** A curated image's name or a registry reference. */
    public static Image named(String nameOrReference) {
        Objects.requireNonNull(nameOrReference, "nameOrReference");
        if (nameOrReference.isEmpty()) {
            throw new IllegalArgumentException("an image name must not be empty");
        }
        return new Image(null, nameOrReference);
    }

    /** The command line's IMAGE: a path ({@code /}, {@code ./} or {@code ../}) or a name. */
    public static Image parse(String argument) {
        boolean path = argument.startsWith("/") || argument.startsWith("./") || argument.startsWith("../");
        return path ? new Image(Path.of(argument), null) : named(argument);
    }

    /** The directory, for an image given as one; null for a named image. */
    public Path directory() {
        return directory;
    }

    /** The name, for a named image; null for a directory. */
    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Image other && Objects.equals(directory, other.directory) && Objects.equals(name, other.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(directory, name);
    }

    @Override
    public String toString() {
        return directory != null ? directory.toString() : name;
    }
}

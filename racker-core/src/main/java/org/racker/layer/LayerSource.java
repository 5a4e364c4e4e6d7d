package org.racker.layer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** One layer to apply: a name for messages (its digest, usually) and its uncompressed tar. */
public interface LayerSource {
    String name();

    /** Opens the uncompressed tar stream; the unpacker reads it to its end and closes it. */
    InputStream openTar() throws IOException;

    /** Opens a stream, possibly more than once. */
    @FunctionalInterface
    interface TarOpener {
        InputStream open() throws IOException;
    }

    static LayerSource of(String name, TarOpener opener) {
        return new LayerSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public InputStream openTar() throws IOException {
                return opener.open();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** A blob on disk, compressed as {@code compression} says. */
    static LayerSource ofBlob(String name, Path blob, LayerCompression compression) {
        return of(name, () -> {
            InputStream raw = new BufferedInputStream(Files.newInputStream(blob), 64 * 1024);
            try {
                InputStream tar = compression.decompress(raw);
                return compression == LayerCompression.NONE ? tar : new BufferedInputStream(tar, 64 * 1024);
            } catch (IOException | RuntimeException e) {
                raw.close();
                throw e;
            }
        });
    }
}

package org.racker.layer;

import io.airlift.compress.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * How a layer blob is compressed, from its media type (image-spec media-types.md and
 * layer.md, plus Docker's schema 2 names). Decompression streams: nothing is held in memory
 * beyond a buffer.
 *
 * <p>zstd uses aircompressor's pure-Java decoder: Commons Compress's zstd support needs
 * zstd-jni, a native library per architecture, and decoding is not the bottleneck of a pull.
 */
public enum LayerCompression {
    NONE,
    GZIP,
    ZSTD;

    private static final int BUFFER = 256 * 1024;

    private static final Map<String, LayerCompression> BY_MEDIA_TYPE = Map.of(
            "application/vnd.oci.image.layer.v1.tar", NONE,
            "application/vnd.oci.image.layer.v1.tar+gzip", GZIP,
            "application/vnd.oci.image.layer.v1.tar+zstd", ZSTD,
            "application/vnd.oci.image.layer.nondistributable.v1.tar", NONE,
            "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip", GZIP,
            "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd", ZSTD,
            "application/vnd.docker.image.rootfs.diff.tar", NONE,
            "application/vnd.docker.image.rootfs.diff.tar.gzip", GZIP,
            "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip", GZIP);

    /** The compression of a layer with this media type, or empty if it is not a layer type we know. */
    public static Optional<LayerCompression> forMediaType(String mediaType) {
        return Optional.ofNullable(BY_MEDIA_TYPE.get(mediaType));
    }

    /** Wraps {@code compressed} so that reading it gives the uncompressed tar. */
    public InputStream decompress(InputStream compressed) throws IOException {
        switch (this) {
            case GZIP:
                // GZIPInputStream reads concatenated members and stops quietly at trailing junk,
                // as Go's gzip reader (umoci's) does.
                return new GZIPInputStream(compressed, BUFFER);
            case ZSTD:
                // aircompressor asks its input for a frame's small headers one by one: buffer them
                return new ZstdInputStream(new BufferedInputStream(compressed, BUFFER));
            default:
                return compressed;
        }
    }
}

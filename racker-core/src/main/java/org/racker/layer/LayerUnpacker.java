package org.racker.layer;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;

/**
 * Turns an image's layers into a root filesystem with the same result as {@code umoci
 * unpack --keep-dirlinks} (whiteouts, opaque directories, hardlinks, symlinks, owners,
 * modes with setuid/setgid/sticky, xattrs such as security.capability, fifos, device nodes,
 * times), never writing outside the root. Layers are streamed entry by entry; memory use does
 * not grow with their size. Needs root (chown, mknod, trusted.* and security.* xattrs).
 *
 * <p>Where the semantics live: {@link TarLayerExtractor} (entries, whiteouts, links),
 * {@link RootScope} (the path-scoping policy: names cleaned and symlinks resolved inside the
 * root, as umoci does, so nothing can escape), {@link Metadata} (owner, mode, xattrs, times).
 */
public final class LayerUnpacker {
    private static final FileTime EPOCH = FileTime.fromMillis(0);

    /**
     * Unpacks {@code layers}, lowest first, into {@code root}, which must not exist yet or be
     * an empty directory (its parent must exist). The root starts as umoci makes it: mode
     * 0755, owned by 0:0, times at the epoch until an entry for "./" says otherwise.
     *
     * <p>On failure the root is removed entirely before the exception is thrown, so a caller
     * unpacking into a temporary directory and renaming it on success never sees half an
     * image.
     */
    public void unpack(List<? extends LayerSource> layers, Path root) throws LayerUnpackException {
        Path target = root.toAbsolutePath().normalize();
        prepareRoot(target);
        try {
            try {
                Metadata.chmod(target, 0755);
                Metadata.chown(target, 0, 0);
                Metadata.setTimes(target, EPOCH, EPOCH);
            } catch (LastErrorException e) {
                throw new LayerUnpackException(null, null, "preparing the root " + target, e);
            }
            for (LayerSource layer : layers) {
                try (InputStream tar = layer.openTar()) {
                    apply(layer.name(), tar, target);
                } catch (IOException e) {
                    throw new LayerUnpackException(layer.name(), null, "reading the layer", e);
                }
            }
        } catch (LayerUnpackException | RuntimeException | Error e) {
            try {
                FileTrees.deleteRecursively(target);
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * Applies one layer, an uncompressed tar stream, onto an existing root. The stream is read
     * to its very end (padding and trailing bytes too), so a digest computed over it, the
     * layer's DiffID, covers all of it; it is not closed. On failure the root is left as far as
     * the layer got: throw it away.
     */
    public void apply(String layerName, InputStream tar, Path root) throws LayerUnpackException {
        Path target = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(target)) {
            throw new LayerUnpackException(layerName, null, "the root " + target + " is not a directory");
        }
        new TarLayerExtractor(target, layerName, pathsAreUtf8()).extract(tar);
    }

    private static void prepareRoot(Path root) throws LayerUnpackException {
        try {
            Files.createDirectory(root);
        } catch (FileAlreadyExistsException e) {
            try {
                BasicFileAttributes attributes = RootScope.lstat(root);
                if (attributes == null || !attributes.isDirectory()) {
                    throw new LayerUnpackException(null, null, "the root " + root + " exists and is not a directory");
                }
                try (DirectoryStream<Path> children = Files.newDirectoryStream(root)) {
                    if (children.iterator().hasNext()) {
                        throw new LayerUnpackException(null, null, "the root " + root + " is not empty");
                    }
                }
            } catch (IOException inner) {
                throw new LayerUnpackException(null, null, "checking the root " + root, inner);
            }
        } catch (IOException e) {
            throw new LayerUnpackException(null, null, "creating the root " + root, e);
        }
    }

    /** Java maps path strings to bytes with sun.jnu.encoding, which follows the locale. */
    private static boolean pathsAreUtf8() {
        String encoding = System.getProperty("sun.jnu.encoding", "UTF-8");
        return encoding.equalsIgnoreCase("UTF-8") || encoding.equalsIgnoreCase("UTF8");
    }
}

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
 * times), never writing outside the root: an entry that tries is refused, the error naming
 * it. Layers are streamed entry by entry; memory use does not grow with their size. Needs
 * root (chown, mknod, trusted.* and security.* xattrs).
 *
 * <p>Where the semantics live: {@link TarLayerExtractor} (entries, whiteouts, links),
 * {@link TarReader} (the tar formats), {@link LayerStager} (reading layers ahead),
 * {@link RootScope} (the path-scoping policy: absolute names, names climbing above the root
 * with {@code ..} and writes through symlinks whose relative target climbs out are refused;
 * absolute symlink targets are resolved inside the root), {@link Metadata} (owner, mode,
 * xattrs, times).
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
     *
     * <p>Layers are read (decompressed, their file data written) on threads of their own, the
     * next ones while the current one is applied: see {@link LayerStager}. Their data is
     * staged in a directory beside the root ({@code .ROOT.staging-*}), removed in the end.
     *
     * @return the sum of the sizes of the regular files in the root, each path counted (what
     *     a walk of the tree adding up regular files gives, without the walk)
     */
    public long unpack(List<? extends LayerSource> layers, Path root) throws LayerUnpackException {
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
            RootState state = RootState.ofNewRoot(target);
            return applyStaged(layers, target, state);
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
        extract(layerName, tar, root.toAbsolutePath().normalize(), RootState.ofExistingRoot());
    }

    private static long extract(String layerName, InputStream tar, Path root, RootState state)
            throws LayerUnpackException {
        if (!Files.isDirectory(root)) {
            throw new LayerUnpackException(layerName, null, "the root " + root + " is not a directory");
        }
        return new TarLayerExtractor(root, layerName, pathsAreUtf8(), state)
                .extract(TarLayerExtractor.inline(layerName, tar));
    }

    /**
     * Applies the layers in order while stagers read up to {@link #stagingAhead()} layers
     * beyond the current one, those at a lower priority until their turn comes.
     */
    private static long applyStaged(List<? extends LayerSource> layers, Path root, RootState state)
            throws LayerUnpackException {
        Path staging;
        try {
            // Beside the root: the same filesystem, so that staged files are renamed into place.
            staging = Files.createTempDirectory(root.getParent(), "." + root.getFileName() + ".staging-");
        } catch (IOException e) {
            throw new LayerUnpackException(null, null, "creating a staging directory beside " + root, e);
        }
        LayerStager[] stagers = new LayerStager[layers.size()];
        try {
            boolean utf8Paths = pathsAreUtf8();
            if (!sameFilesystem(staging, root)) {
                return applyInline(layers, root, state); // a root that is a mount point: renames would fail
            }
            int ahead = stagingAhead();
            long fileBytes = 0;
            for (int i = 0; i < layers.size(); i++) {
                for (int j = i; j < Math.min(layers.size(), i + 1 + ahead); j++) {
                    if (stagers[j] == null) {
                        stagers[j] = LayerStager.start(layers.get(j), staging, j, j > i);
                    }
                }
                stagers[i].promote();
                String name = layers.get(i).name();
                fileBytes += new TarLayerExtractor(root, name, utf8Paths, state).extract(stagers[i]);
                stagers[i].close();
            }
            return fileBytes;
        } finally {
            for (LayerStager stager : stagers) {
                if (stager != null) {
                    stager.close();
                }
            }
            try {
                FileTrees.deleteRecursively(staging);
            } catch (IOException e) {
                // best effort: the caller's work directory holds it and goes as a whole
            }
        }
    }

    /** Each layer read and applied in turn, decompressed a little ahead ({@link ReadAheadInputStream}). */
    private static long applyInline(List<? extends LayerSource> layers, Path root, RootState state)
            throws LayerUnpackException {
        long fileBytes = 0;
        for (LayerSource layer : layers) {
            try (InputStream tar = new ReadAheadInputStream(layer.openTar(), layer.name())) {
                fileBytes += extract(layer.name(), tar, root, state);
            } catch (IOException e) {
                throw new LayerUnpackException(layer.name(), null, "reading the layer", e);
            }
        }
        return fileBytes;
    }

    private static boolean sameFilesystem(Path a, Path b) throws LayerUnpackException {
        try {
            return Files.getAttribute(a, "unix:dev").equals(Files.getAttribute(b, "unix:dev"));
        } catch (IOException e) {
            throw new LayerUnpackException(null, null, "checking the filesystem of " + b, e);
        }
    }

    /** How many layers may be read ahead of the one being applied: a core each, up to three. */
    private static int stagingAhead() {
        return Math.max(1, Math.min(3, Runtime.getRuntime().availableProcessors() - 1));
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

package org.racker.layer;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.racker.layer.RootScope.Kind;
import org.racker.layer.RootScope.Resolved;

/**
 * Applies one layer's tar stream onto a root, one entry at a time, with umoci's semantics
 * (oci/layer/tar_extract.go) and the image spec's
 * (https://github.com/opencontainers/image-spec/blob/main/layer.md):
 *
 * <ul>
 *   <li>A whiteout {@code DIR/.wh.NAME} removes NAME, whole tree, from the layers below; a
 *       missing NAME is no change. {@code DIR/.wh..wh..opq} empties DIR of what the layers
 *       below put there but keeps DIR. Neither ever removes an entry of the same layer, in
 *       whatever order the entries come: every path this layer wrote, and its ancestors, is
 *       kept in {@link #upperPaths} ("upper" as in overlayfs), and removal skips those.
 *       {@code .wh.} alone (and {@code .wh..}, {@code .wh...}) names nothing and is refused;
 *       umoci would remove the parent (or worse) instead.</li>
 *   <li>An entry replaces whatever is at its path, except that a directory entry merges into
 *       an existing directory, and into an existing symlink that resolves (inside the root)
 *       to a directory: the link is kept and later entries are written through it, as
 *       {@code umoci unpack --keep-dirlinks} does. Images built on a merged-/usr base
 *       ({@code /lib -> usr/lib}) depend on it. The entry's metadata then goes onto the link
 *       itself (owner, times, xattrs; no mode, links have none).</li>
 *   <li>Missing parent directories are created (0755, root-owned). A parent that is a regular
 *       file, fifo or device is replaced by a directory; umoci 0.4.7 fails there instead
 *       ("mkdir parent: not a directory"), and a layer that does this is no less usable.</li>
 *   <li>A hardlink's target is resolved like a name (its directory inside the root, its last
 *       component not followed, so a hardlink to a symlink links the symlink). A target
 *       that does not exist is an error naming the entry. Hardlinks get no metadata of their
 *       own: they share the target's inode.</li>
 *   <li>Metadata: see {@link Metadata}. Directory times are applied when the layer is done
 *       ({@link DirectoryTimes}).</li>
 *   <li>Entry types other than file, directory, symlink, hardlink, fifo, char and block
 *       device fail, as in umoci. PAX global headers are applied to the entries that follow
 *       them (umoci fails on them; Commons Compress merges them).</li>
 * </ul>
 *
 * Path scoping is {@link RootScope}'s.
 */
final class TarLayerExtractor {
    private static final String WHITEOUT_PREFIX = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final int PARENT_CACHE_LIMIT = 4096;
    private static final int BUFFER = 128 * 1024;

    private final RootScope scope;
    private final Path root;
    private final String layer;
    private final boolean utf8Paths;
    private final byte[] buffer = new byte[BUFFER];
    private final Set<String> upperPaths = new HashSet<>();
    private final DirectoryTimes directoryTimes = new DirectoryTimes();
    /**
     * Resolved parent directories by cleaned name. Resolving costs an lstat per component
     * and entries come grouped by directory; anything that could change a resolution
     * (a removal, a new symlink or hardlink) empties the cache.
     */
    private final Map<String, Resolved> parents = new HashMap<>();
    /** What the current entry is doing, for the error message if it fails. */
    private String step;

    TarLayerExtractor(Path root, String layer, boolean utf8Paths) {
        this.root = root;
        this.scope = new RootScope(root);
        this.layer = layer;
        this.utf8Paths = utf8Paths;
    }

    /** Applies every entry of {@code stream}, then reads the stream to its end. */
    void extract(InputStream stream) throws LayerUnpackException {
        RawPaxHeaders raw = new RawPaxHeaders(stream);
        @SuppressWarnings("deprecation") // the builder API is not in older 1.2x releases either
        TarArchiveInputStream tar = new TarArchiveInputStream(raw, StandardCharsets.UTF_8.name());
        String previous = null;
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new LayerUnpackException(layer, null, "interrupted");
            }
            TarArchiveEntry entry;
            Map<String, byte[]> xattrs;
            try {
                raw.startCapture();
                entry = tar.getNextEntry();
                xattrs = raw.finishCapture();
            } catch (IOException e) {
                throw new LayerUnpackException(layer, null, previous == null
                        ? "reading the tar stream" : "reading the tar stream after entry " + previous, e);
            }
            if (entry == null) {
                break;
            }
            try {
                if (!entry.isGlobalPaxHeader()) {
                    extractEntry(entry, xattrs, tar);
                }
                step = "reading the entry's data";
                drain(tar);
            } catch (IOException | LastErrorException e) {
                throw new LayerUnpackException(layer, entry.getName(), step, e);
            }
            previous = entry.getName();
        }
        try {
            directoryTimes.restore();
        } catch (IOException | LastErrorException e) {
            throw new LayerUnpackException(layer, null, "restoring directory times", e);
        }
        try {
            raw.drainToEnd();
        } catch (IOException e) {
            throw new LayerUnpackException(layer, null, "reading the end of the tar stream", e);
        }
    }

    private void extractEntry(TarArchiveEntry entry, Map<String, byte[]> xattrs, InputStream data)
            throws IOException, LayerUnpackException {
        checkRepresentable(entry, entry.getName());
        byte type = entry.getLinkFlag();
        if (type == TarConstants.LF_OLDNORM && entry.getName().endsWith("/")) {
            type = TarConstants.LF_DIR; // pre-POSIX tars mark directories by the slash only; Go agrees
        }
        if (!isSupported(type)) {
            throw refuse(entry, "unsupported entry type " + describe(type));
        }
        if (type == TarConstants.LF_LINK || type == TarConstants.LF_SYMLINK) {
            checkRepresentable(entry, entry.getLinkName());
        }
        String name = RootScope.clean(entry.getName());
        if (name.isEmpty()) {
            extractRoot(entry, type, xattrs);
            return;
        }
        int slash = name.lastIndexOf('/');
        String base = name.substring(slash + 1);
        step = "resolving the parent directory";
        Resolved parent = resolveParent(slash < 0 ? "" : name.substring(0, slash));
        if (base.startsWith(WHITEOUT_PREFIX)) {
            whiteout(entry, parent, base);
            return;
        }

        ensureDirectory(parent);
        directoryTimes.beforeChange(parent.path());
        Path path = parent.path().resolve(base);
        String relative = parent.relative().isEmpty() ? base : parent.relative() + "/" + base;
        BasicFileAttributes existing = RootScope.lstat(path);
        boolean dirlink = false;
        if (existing != null && !(existing.isDirectory() && type == TarConstants.LF_DIR)) {
            if (type == TarConstants.LF_DIR && existing.isSymbolicLink() && isDirlink(relative)) {
                dirlink = true;
            } else {
                step = "removing what the entry replaces";
                FileTrees.deleteRecursively(path);
                parents.clear();
                existing = null;
            }
        }

        switch (type) {
            case TarConstants.LF_OLDNORM:
            case TarConstants.LF_NORMAL:
                writeFile(entry, path, data);
                break;
            case TarConstants.LF_DIR:
                if (existing == null) {
                    step = "creating the directory";
                    Files.createDirectory(path);
                }
                break;
            case TarConstants.LF_SYMLINK:
                step = "creating the symlink";
                // Stored byte for byte: Files.createSymbolicLink would normalise the target
                // (double and trailing slashes) on its way through Path.
                PosixCalls.INSTANCE.symlink(PosixCalls.cString(entry.getLinkName()), PosixCalls.cString(path));
                parents.clear();
                break;
            case TarConstants.LF_LINK:
                createHardlink(entry, path);
                break;
            default:
                step = "creating the device node or fifo";
                PosixCalls.INSTANCE.mknod(PosixCalls.cString(path), nodeType(type) | (entry.getMode() & 07777),
                        type == TarConstants.LF_FIFO ? 0 : PosixCalls.makedev(entry.getDevMajor(), entry.getDevMinor()));
                break;
        }
        if (type != TarConstants.LF_LINK) {
            boolean symlink = type == TarConstants.LF_SYMLINK || dirlink;
            applyMetadata(entry, path, xattrs, symlink, type == TarConstants.LF_DIR && !dirlink);
        }
        markUpper(relative);
    }

    /** An entry naming the root itself ("./", "/", ".."): only its metadata can change. */
    private void extractRoot(TarArchiveEntry entry, byte type, Map<String, byte[]> xattrs)
            throws IOException, LayerUnpackException {
        if (type != TarConstants.LF_DIR) {
            throw refuse(entry, "refusing to replace the root directory with a non-directory");
        }
        applyMetadata(entry, root, xattrs, false, true);
    }

    private void writeFile(TarArchiveEntry entry, Path path, InputStream data) throws IOException {
        step = "writing the file";
        long expected = entry.isSparse() ? entry.getRealSize() : entry.getSize();
        long written = 0;
        // CREATE_NEW is O_EXCL: it never follows or reuses whatever might be at the path.
        try (FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            int n;
            while ((n = data.read(buffer)) >= 0) {
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
                written += n;
            }
        }
        if (written != expected) {
            throw new IOException("short entry data: " + written + " of " + expected + " bytes");
        }
    }

    private void createHardlink(TarArchiveEntry entry, Path path) throws IOException, LayerUnpackException {
        step = "resolving the hardlink target";
        String target = RootScope.clean(entry.getLinkName());
        Path targetPath;
        if (target.isEmpty()) {
            targetPath = root;
        } else {
            int slash = target.lastIndexOf('/');
            Resolved dir = resolveParent(slash < 0 ? "" : target.substring(0, slash));
            targetPath = dir.path().resolve(target.substring(slash + 1));
        }
        if (RootScope.lstat(targetPath) == null) {
            throw refuse(entry, "hardlink target " + entry.getLinkName()
                    + " does not exist (not in the image, or removed by a whiteout)");
        }
        step = "creating the hardlink to " + entry.getLinkName();
        Files.createLink(path, targetPath); // link(2): never follows a symlink target
        parents.clear();
    }

    private void applyMetadata(TarArchiveEntry entry, Path path, Map<String, byte[]> xattrs, boolean symlink,
            boolean deferTimes) throws IOException {
        step = "setting the owner";
        Metadata.chown(path, entry.getLongUserId(), entry.getLongGroupId());
        if (!symlink) {
            step = "setting the mode";
            Metadata.chmod(path, entry.getMode());
        }
        step = "setting xattrs";
        Metadata.replaceXattrs(path, xattrs);
        step = "setting times";
        FileTime mtime = entry.getLastModifiedTime();
        FileTime atime = entry.getLastAccessTime() != null ? entry.getLastAccessTime() : mtime;
        if (deferTimes) {
            BasicFileAttributes attributes = RootScope.lstat(path);
            directoryTimes.set(path, attributes == null ? null : attributes.fileKey(), atime, mtime);
        } else {
            Metadata.setTimes(path, atime, mtime);
        }
    }

    private void whiteout(TarArchiveEntry entry, Resolved parent, String base)
            throws IOException, LayerUnpackException {
        boolean opaque = base.equals(OPAQUE);
        String victim = base.substring(WHITEOUT_PREFIX.length());
        if (!opaque && (victim.isEmpty() || victim.equals(".") || victim.equals(".."))) {
            throw refuse(entry, "whiteout " + base + " names no file");
        }
        if (parent.kind() != Kind.DIRECTORY) {
            return; // nothing below a missing directory to remove
        }
        step = "applying the whiteout";
        Path target = opaque ? parent.path() : parent.path().resolve(victim);
        String relative = opaque ? parent.relative()
                : parent.relative().isEmpty() ? victim : parent.relative() + "/" + victim;
        BasicFileAttributes attributes = RootScope.lstat(target);
        if (attributes == null) {
            return;
        }
        directoryTimes.beforeChange(parent.path());
        parents.clear();
        if (!opaque && !upperPaths.contains(relative)) {
            FileTrees.deleteRecursively(target);
        } else if (attributes.isDirectory()) {
            removeLowerEntries(target, relative);
        }
    }

    /** Removes everything under {@code dir} that this layer did not write. */
    private void removeLowerEntries(Path dir, String relative) throws IOException {
        directoryTimes.beforeChange(dir);
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(children::add);
        }
        for (Path child : children) {
            String name = child.getFileName().toString();
            String childRelative = relative.isEmpty() ? name : relative + "/" + name;
            if (!upperPaths.contains(childRelative)) {
                FileTrees.deleteRecursively(child);
            } else {
                BasicFileAttributes attributes = RootScope.lstat(child);
                if (attributes != null && attributes.isDirectory()) {
                    removeLowerEntries(child, childRelative);
                }
            }
        }
    }

    private Resolved resolveParent(String cleanedParent) throws IOException {
        Resolved cached = parents.get(cleanedParent);
        if (cached != null) {
            return cached;
        }
        Resolved resolved = scope.resolve(cleanedParent);
        if (resolved.kind() == Kind.DIRECTORY) {
            remember(cleanedParent, resolved);
        }
        return resolved;
    }

    private void remember(String cleanedParent, Resolved directory) {
        if (parents.size() >= PARENT_CACHE_LIMIT) {
            parents.clear();
        }
        parents.put(cleanedParent, directory);
    }

    /** Creates the missing directories of a resolved parent, replacing non-directories on the way. */
    private void ensureDirectory(Resolved parent) throws IOException {
        if (parent.kind() == Kind.DIRECTORY) {
            return;
        }
        step = "creating parent directories";
        Path current = root;
        for (String part : parent.relative().split("/")) {
            Path next = current.resolve(part);
            BasicFileAttributes attributes = RootScope.lstat(next);
            if (attributes == null || !attributes.isDirectory()) {
                directoryTimes.beforeChange(current);
                if (attributes != null) {
                    if (attributes.isSymbolicLink()) {
                        throw new IOException("a symlink appeared in a resolved path: " + next);
                    }
                    Files.delete(next);
                    parents.clear();
                }
                Files.createDirectory(next);
                Metadata.chmod(next, 0755); // not the umask's choice
            }
            current = next;
        }
    }

    private boolean isDirlink(String relative) throws IOException {
        try {
            return scope.resolve(relative).kind() == Kind.DIRECTORY;
        } catch (RootScope.SymlinkLoopException e) {
            return false;
        }
    }

    private void markUpper(String relative) {
        String path = relative;
        // Ancestors of a known path are known already, so the walk stops early.
        while (!path.isEmpty() && upperPaths.add(path)) {
            int slash = path.lastIndexOf('/');
            path = slash < 0 ? "" : path.substring(0, slash);
        }
    }

    private void checkRepresentable(TarArchiveEntry entry, String name) throws LayerUnpackException {
        if (name.indexOf('\uFFFD') >= 0) {
            throw refuse(entry, "name " + name + " is not valid UTF-8, which Java paths cannot hold");
        }
        if (!utf8Paths && !name.chars().allMatch(c -> c < 0x80)) {
            throw refuse(entry, "non-ASCII name, but the JVM's path encoding is "
                    + System.getProperty("sun.jnu.encoding") + "; run racker with a UTF-8 locale");
        }
    }

    private LayerUnpackException refuse(TarArchiveEntry entry, String problem) {
        return new LayerUnpackException(layer, entry.getName(), problem);
    }

    private void drain(InputStream data) throws IOException {
        while (data.read(buffer) >= 0) {
            // the rest of an entry the extractor did not need (a directory with data, say)
        }
    }

    private static boolean isSupported(byte type) {
        switch (type) {
            case TarConstants.LF_OLDNORM:
            case TarConstants.LF_NORMAL:
            case TarConstants.LF_DIR:
            case TarConstants.LF_SYMLINK:
            case TarConstants.LF_LINK:
            case TarConstants.LF_CHR:
            case TarConstants.LF_BLK:
            case TarConstants.LF_FIFO:
                return true;
            default:
                return false;
        }
    }

    private static int nodeType(byte type) {
        switch (type) {
            case TarConstants.LF_CHR:
                return PosixCalls.S_IFCHR;
            case TarConstants.LF_BLK:
                return PosixCalls.S_IFBLK;
            default:
                return PosixCalls.S_IFIFO;
        }
    }

    private static String describe(byte type) {
        return type >= 0x20 && type < 0x7f ? "'" + (char) type + "'" : String.format("0x%02x", type & 0xff);
    }
}

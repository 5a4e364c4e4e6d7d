package org.racker.layer;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 *   <li>A hardlink's target is checked and resolved like a name (absolute or climbing
 *       targets refused, its directory resolved inside the root, its last component not
 *       followed, so a hardlink to a symlink links the symlink). A target that does not
 *       exist is an error naming the entry. Hardlinks get no metadata of their
 *       own: they share the target's inode.</li>
 *   <li>Metadata: see {@link Metadata}. Directory times are applied when the layer is done
 *       ({@link DirectoryTimes}).</li>
 *   <li>Entry types other than file, directory, symlink, hardlink, fifo, char and block
 *       device fail, as in umoci. PAX global headers are applied to the entries that follow
 *       them (umoci fails on them). Sparse files get their holes.</li>
 * </ul>
 *
 * Path scoping is {@link RootScope}'s; reading the tar, {@link TarReader}'s.
 *
 * <p>Speed: an image has thousands of small files, so the calls per entry count. A new
 * entry is created straight away (O_EXCL and the like) and only when something is in the
 * way is it looked at and replaced; a file whose mode the umask keeps is created with it
 * and needs no chmod; a just-created entry has no xattrs to list ({@link RootState}); parent
 * directories are resolved once and remembered until something is removed. And the
 * entries usually come from a {@link LayerStager}, which has written the file data already
 * on another thread: creating a regular file is then a rename.
 */
final class TarLayerExtractor {
    private static final String WHITEOUT_PREFIX = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final int PARENT_CACHE_LIMIT = 4096;
    private static final Set<OpenOption> CREATE_FILE = Set.of(StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

    /** Where a layer's entries, and the data of its regular files, come from. */
    interface Entries {
        /** The next entry, or null when the layer is done; failures name the entry when there is one. */
        TarEntry next() throws LayerUnpackException;

        /**
         * Creates the current entry, a regular file, at {@code path} with its data and
         * {@code mode}'s permission bits; never over anything that is there
         * ({@link FileAlreadyExistsException}).
         */
        void createFile(TarEntry entry, Path path, FileAttribute<?> mode) throws IOException;

        /** Reads whatever follows the last entry, so that the whole stream is consumed. */
        void finish() throws LayerUnpackException;
    }

    /** Entries read from the stream as they are applied, on the caller's thread. */
    static Entries inline(String layer, InputStream stream) {
        TarReader tar = new TarReader(stream);
        return new Entries() {
            private String previous;

            @Override
            public TarEntry next() throws LayerUnpackException {
                try {
                    TarEntry entry = tar.next();
                    previous = entry == null ? previous : entry.name();
                    return entry;
                } catch (IOException e) {
                    String entry = e instanceof TarFormatException format ? format.entry().orElse(null) : null;
                    throw new LayerUnpackException(layer, entry, entry != null ? "reading its headers"
                            : previous == null ? "reading the tar stream" : "reading the tar stream after entry "
                            + previous, e);
                }
            }

            @Override
            public void createFile(TarEntry entry, Path path, FileAttribute<?> mode) throws IOException {
                // CREATE_NEW is O_EXCL: it never follows or reuses whatever might be at the path.
                try (FileChannel out = FileChannel.open(path, CREATE_FILE, mode)) {
                    if (entry.isSparse()) {
                        tar.transferSparse(out, entry.sparse(), entry.realSize());
                    } else {
                        tar.transferTo(out);
                    }
                }
            }

            @Override
            public void finish() throws LayerUnpackException {
                try {
                    tar.drainToEnd();
                } catch (IOException e) {
                    throw new LayerUnpackException(layer, null, "reading the end of the tar stream", e);
                }
            }
        };
    }

    private final RootScope scope;
    private final Path root;
    private final String layer;
    private final boolean utf8Paths;
    private final RootState state;
    private final UpperPaths upperPaths = new UpperPaths();
    private final DirectoryTimes directoryTimes;
    /**
     * Resolved parent directories by cleaned name. Resolving costs an lstat per component
     * and entries come grouped by directory. Only a removal can change what a directory that
     * was resolved resolves to (a new entry is created where nothing was, so no resolved path
     * went through it): every removal empties the cache.
     */
    private final Map<String, Resolved> parents = new HashMap<>();
    private final FilePermissions permissions = new FilePermissions();
    /** What the current entry is doing, for the error message if it fails. */
    private String step;
    /** Bytes of regular files this layer added, less those it removed (see {@link #extract}). */
    private long fileBytes;

    TarLayerExtractor(Path root, String layer, boolean utf8Paths, RootState state) {
        this.root = root;
        this.scope = new RootScope(root);
        this.directoryTimes = new DirectoryTimes(root);
        this.layer = layer;
        this.utf8Paths = utf8Paths;
        this.state = state;
    }

    /**
     * Applies every entry, then has the rest of the stream read.
     *
     * @return how much the sum of the sizes of the root's regular files changed, counted per
     *     path as a walk of the tree would: what the image's size is made of
     */
    long extract(Entries entries) throws LayerUnpackException {
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new LayerUnpackException(layer, null, "interrupted");
            }
            TarEntry entry = entries.next();
            if (entry == null) {
                break;
            }
            try {
                extractEntry(entry, entries);
            } catch (RootScope.PathEscapeException e) {
                throw new LayerUnpackException(layer, entry.name(), e.getMessage(), e);
            } catch (IOException | LastErrorException e) {
                throw new LayerUnpackException(layer, entry.name(), step, e);
            }
        }
        try {
            directoryTimes.restore();
        } catch (IOException | LastErrorException e) {
            throw new LayerUnpackException(layer, null, "restoring directory times", e);
        }
        entries.finish();
        return fileBytes;
    }

    private void extractEntry(TarEntry entry, Entries data) throws IOException, LayerUnpackException {
        checkRepresentable(entry, entry.name());
        byte type = entry.type();
        if (type == TarEntry.OLD_NORMAL && entry.name().endsWith("/")) {
            type = TarEntry.DIRECTORY; // pre-POSIX tars mark directories by the slash only; Go agrees
        }
        String name = RootScope.clean(entry.name(), "name");
        if (name.isEmpty()) {
            extractRoot(entry, type);
            return;
        }
        int slash = name.lastIndexOf('/');
        String base = name.substring(slash + 1);
        step = "resolving the parent directory";
        Resolved parent = resolveParent(slash < 0 ? "" : name.substring(0, slash));
        if (base.startsWith(WHITEOUT_PREFIX)) {
            whiteout(entry, parent, base); // whatever its type, as umoci does: only the name counts
            return;
        }
        if (!isSupported(type)) {
            throw refuse(entry, "unsupported entry type " + describe(type));
        }
        if (type == TarEntry.HARDLINK || type == TarEntry.SYMLINK) {
            checkRepresentable(entry, entry.linkName());
        }

        ensureDirectory(parent);
        directoryTimes.beforeChange(parent.path());
        Path path = parent.path().resolve(base);
        String relative = parent.relative().isEmpty() ? base : parent.relative() + "/" + base;
        boolean created = true; // a new inode: no xattrs yet, the mode it was created with
        boolean dirlink = false;
        switch (type) {
            case TarEntry.OLD_NORMAL, TarEntry.NORMAL -> writeFile(entry, path, data);
            case TarEntry.DIRECTORY -> {
                step = "creating the directory";
                if (!createDirectory(path, entry.mode())) {
                    BasicFileAttributes existing = RootScope.lstat(path);
                    if (existing != null && existing.isDirectory()) {
                        created = false; // merged
                    } else if (existing != null && existing.isSymbolicLink() && isDirlink(relative)) {
                        created = false;
                        dirlink = true;
                    } else {
                        replace(path);
                        step = "creating the directory";
                        Files.createDirectory(path, permissions.of(entry.mode()));
                    }
                }
            }
            case TarEntry.SYMLINK -> {
                step = "creating the symlink";
                // Stored byte for byte: Files.createSymbolicLink would normalise the target
                // (double and trailing slashes) on its way through Path.
                byte[] target = PosixCalls.cString(entry.linkName());
                byte[] link = PosixCalls.cString(path);
                if (!createOrReport(() -> PosixCalls.symlink(target, link))) {
                    replace(path);
                    step = "creating the symlink";
                    PosixCalls.symlink(target, link);
                }
            }
            case TarEntry.HARDLINK -> createHardlink(entry, path);
            default -> {
                step = "creating the device node or fifo";
                byte[] node = PosixCalls.cString(path);
                int mode = nodeType(type) | (modeOf(entry, type) & 07777);
                long device = type == TarEntry.FIFO ? 0 : PosixCalls.makedev(entry.devMajor(), entry.devMinor());
                if (!createOrReport(() -> PosixCalls.mknod(node, mode, device))) {
                    replace(path);
                    step = "creating the device node or fifo";
                    PosixCalls.mknod(node, mode, device);
                }
            }
        }
        if (type != TarEntry.HARDLINK) {
            boolean symlink = type == TarEntry.SYMLINK || dirlink;
            // Regular files only: a new directory inherits the set-group-ID bit of its parent,
            // which only the chmod takes away again.
            boolean modeSet = created && (type == TarEntry.NORMAL || type == TarEntry.OLD_NORMAL)
                    && state.createsWithMode(entry.mode());
            applyMetadata(entry, type, path, symlink, type == TarEntry.DIRECTORY && !dirlink, created, modeSet);
        }
        markUpper(relative);
    }

    /** An entry naming the root itself ("./", "."): only its metadata can change. */
    private void extractRoot(TarEntry entry, byte type) throws IOException, LayerUnpackException {
        if (type != TarEntry.DIRECTORY) {
            throw refuse(entry, "refusing to replace the root directory with a non-directory");
        }
        applyMetadata(entry, type, root, false, true, false, false);
    }

    private void writeFile(TarEntry entry, Path path, Entries data) throws IOException {
        step = "writing the file";
        FileAttribute<?> mode = permissions.of(entry.mode());
        try {
            data.createFile(entry, path, mode);
        } catch (FileAlreadyExistsException e) {
            replace(path);
            step = "writing the file";
            data.createFile(entry, path, mode);
        }
        fileBytes += entry.realSize();
    }

    /** mkdir; false if something is at the path already. */
    private boolean createDirectory(Path path, int mode) throws IOException {
        try {
            Files.createDirectory(path, permissions.of(mode));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    private interface PosixCall {
        int call() throws LastErrorException;
    }

    /** Runs a creating call; false if it failed because something is at the path already. */
    private static boolean createOrReport(PosixCall call) {
        try {
            call.call();
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == PosixCalls.EEXIST) {
                return false;
            }
            throw e;
        }
    }

    /** Removes whatever is at {@code path}, for the entry that replaces it. */
    private void replace(Path path) throws IOException {
        step = "removing what the entry replaces";
        fileBytes -= FileTrees.deleteRecursively(path);
        parents.clear();
    }

    private void createHardlink(TarEntry entry, Path path) throws IOException, LayerUnpackException {
        step = "resolving the hardlink target";
        String target = RootScope.clean(entry.linkName(), "hardlink target");
        Path targetPath;
        if (target.isEmpty()) {
            targetPath = root;
        } else {
            int slash = target.lastIndexOf('/');
            Resolved dir = resolveParent(slash < 0 ? "" : target.substring(0, slash));
            targetPath = dir.kind() == Kind.DIRECTORY ? dir.path().resolve(target.substring(slash + 1)) : null;
        }
        BasicFileAttributes targetAttributes = targetPath == null ? null : RootScope.lstat(targetPath);
        if (targetAttributes == null) {
            throw refuse(entry, "hardlink target " + entry.linkName()
                    + " does not exist (not in the image, or removed by a whiteout)");
        }
        step = "creating the hardlink to " + entry.linkName();
        try {
            Files.createLink(path, targetPath); // link(2): never follows a symlink target
        } catch (FileAlreadyExistsException e) {
            replace(path);
            createHardlink(entry, path); // the target again: the removal may have taken it
            return;
        }
        fileBytes += targetAttributes.isRegularFile() ? targetAttributes.size() : 0;
    }

    /**
     * The mode an entry gets. A character or block device never keeps read or write for
     * others: the image is untrusted and unpacked as root, so a node such as {@code sda} or
     * {@code mem} with mode 0666 in its root would hand any local user the host's disk or
     * memory through the store. Containers get their own /dev, so nothing needs those bits.
     */
    private static int modeOf(TarEntry entry, byte type) {
        boolean device = type == TarEntry.CHAR_DEVICE || type == TarEntry.BLOCK_DEVICE;
        return device ? entry.mode() & ~0006 : entry.mode();
    }

    private void applyMetadata(TarEntry entry, byte type, Path path, boolean symlink, boolean deferTimes,
            boolean created, boolean modeSet) throws IOException {
        step = "setting the owner";
        Metadata.chown(path, entry.uid(), entry.gid());
        if (!symlink && !modeSet) {
            step = "setting the mode";
            Metadata.chmod(path, modeOf(entry, type));
        }
        step = "setting xattrs";
        state.settingXattrs(entry.xattrs());
        if (created && state.freshEntriesBare()) {
            Metadata.addXattrs(path, entry.xattrs());
        } else {
            Metadata.replaceXattrs(path, entry.xattrs());
        }
        step = "setting times";
        long atime = entry.hasAtime() ? entry.atimeSeconds() : entry.mtimeSeconds();
        int atimeNanos = entry.hasAtime() ? entry.atimeNanos() : entry.mtimeNanos();
        if (deferTimes) {
            BasicFileAttributes attributes = RootScope.lstat(path);
            directoryTimes.set(path, attributes == null ? null : attributes.fileKey(),
                    FileTime.from(Instant.ofEpochSecond(atime, atimeNanos)),
                    FileTime.from(Instant.ofEpochSecond(entry.mtimeSeconds(), entry.mtimeNanos())));
        } else {
            Metadata.setTimes(path, atime, atimeNanos, entry.mtimeSeconds(), entry.mtimeNanos());
        }
    }

    private void whiteout(TarEntry entry, Resolved parent, String base)
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
            fileBytes -= FileTrees.deleteRecursively(target);
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
                fileBytes -= FileTrees.deleteRecursively(child);
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
                    fileBytes -= attributes.isRegularFile() ? attributes.size() : 0;
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

    private void checkRepresentable(TarEntry entry, String name) throws LayerUnpackException {
        if (name.indexOf('\uFFFD') >= 0) {
            throw refuse(entry, "name " + name + " is not valid UTF-8, which Java paths cannot hold");
        }
        if (!utf8Paths && !name.chars().allMatch(c -> c < 0x80)) {
            throw refuse(entry, "non-ASCII name, but the JVM's path encoding is "
                    + System.getProperty("sun.jnu.encoding") + "; run racker with a UTF-8 locale");
        }
    }

    private LayerUnpackException refuse(TarEntry entry, String problem) {
        return new LayerUnpackException(layer, entry.name(), problem);
    }

    private static boolean isSupported(byte type) {
        return switch (type) {
            case TarEntry.OLD_NORMAL, TarEntry.NORMAL, TarEntry.DIRECTORY, TarEntry.SYMLINK, TarEntry.HARDLINK,
                    TarEntry.CHAR_DEVICE, TarEntry.BLOCK_DEVICE, TarEntry.FIFO -> true;
            default -> false;
        };
    }

    private static int nodeType(byte type) {
        return switch (type) {
            case TarEntry.CHAR_DEVICE -> PosixCalls.S_IFCHR;
            case TarEntry.BLOCK_DEVICE -> PosixCalls.S_IFBLK;
            default -> PosixCalls.S_IFIFO;
        };
    }

    private static String describe(byte type) {
        return type >= 0x20 && type < 0x7f ? "'" + (char) type + "'" : String.format("0x%02x", type & 0xff);
    }
}

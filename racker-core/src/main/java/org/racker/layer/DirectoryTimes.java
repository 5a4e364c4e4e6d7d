package org.racker.layer;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Directory times restored once a layer is done. Creating or removing an entry changes the
 * directory's mtime, so a directory would otherwise end with the time of its last change on
 * disk instead of the time its tar entry (or the layer below) says. umoci restores the parent
 * after every entry; doing it once per directory at the end of the layer gives the same tree
 * with far fewer calls, like GNU tar's delayed_set_stat. It also covers what umoci's
 * per-entry restore misses, so that there a directory keeps its entry's time where umoci
 * leaves the time of the change: the directory an implicitly created parent was made in,
 * and directories inside an opaque one whose lower entries the marker removed.
 */
final class DirectoryTimes {
    private record Saved(Object inode, FileTime atime, FileTime mtime) {
    }

    private final Path root;
    private final Map<Path, Saved> saved = new LinkedHashMap<>();

    DirectoryTimes(Path root) {
        this.root = root;
    }

    /** Call before changing the contents of {@code dir}: keeps its times as they are now. */
    void beforeChange(Path dir) throws IOException {
        if (saved.containsKey(dir)) {
            return;
        }
        BasicFileAttributes attributes = RootScope.lstat(dir);
        if (attributes != null && attributes.isDirectory()) {
            saved.put(dir, new Saved(attributes.fileKey(), attributes.lastAccessTime(), attributes.lastModifiedTime()));
        }
    }

    /** The times a directory entry of this layer gives {@code dir}, applied at the end. */
    void set(Path dir, Object inode, FileTime atime, FileTime mtime) {
        saved.put(dir, new Saved(inode, atime, mtime));
    }

    /**
     * Applies the saved times to every directory that is still the same directory (a later
     * entry of the layer may have replaced it; then its own metadata stands) and still
     * reached without a symlink: an ancestor replaced by a link since must not lead the
     * call elsewhere.
     */
    void restore() throws IOException {
        for (Map.Entry<Path, Saved> entry : saved.entrySet()) {
            Path dir = entry.getKey();
            BasicFileAttributes now = RootScope.lstat(dir);
            Saved times = entry.getValue();
            if (now != null && now.isDirectory() && Objects.equals(now.fileKey(), times.inode())
                    && ancestorsAreDirectories(dir)) {
                Metadata.setTimes(dir, times.atime(), times.mtime());
            }
        }
        saved.clear();
    }

    private boolean ancestorsAreDirectories(Path dir) throws IOException {
        for (Path ancestor = dir.getParent(); ancestor != null && ancestor.startsWith(root) && !ancestor.equals(root);
                ancestor = ancestor.getParent()) {
            BasicFileAttributes attributes = RootScope.lstat(ancestor);
            if (attributes == null || !attributes.isDirectory()) {
                return false; // lstat does not follow: a symlink is not a directory here
            }
        }
        return true;
    }
}

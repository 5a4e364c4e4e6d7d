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
 * with far fewer calls, like GNU tar's delayed_set_stat.
 */
final class DirectoryTimes {
    private record Saved(Object inode, FileTime atime, FileTime mtime) {
    }

    private final Map<Path, Saved> saved = new LinkedHashMap<>();

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
     * entry of the layer may have replaced it; then its own metadata stands).
     */
    void restore() throws IOException {
        for (Map.Entry<Path, Saved> entry : saved.entrySet()) {
            BasicFileAttributes now = RootScope.lstat(entry.getKey());
            Saved times = entry.getValue();
            if (now != null && now.isDirectory() && Objects.equals(now.fileKey(), times.inode())) {
                Metadata.setTimes(entry.getKey(), times.atime(), times.mtime());
            }
        }
        saved.clear();
    }
}

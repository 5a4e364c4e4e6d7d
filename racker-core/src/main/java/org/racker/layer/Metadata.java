package org.racker.layer;

import com.sun.jna.LastErrorException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

/**
 * Applies an entry's owner, mode, xattrs and times to a path, in umoci's order
 * ({@code restoreMetadata}): chown first, because chown clears setuid/setgid and file
 * capabilities; then chmod, never on a symlink (chmod would follow it, and links have no
 * mode of their own); then the xattrs, replacing whatever the path had; then the times. Every
 * call acts on the path itself, never on a symlink's target.
 */
final class Metadata {
    private Metadata() {
    }

    static void chown(Path path, long uid, long gid) {
        PosixCalls.lchown(PosixCalls.cString(path), (int) uid, (int) gid);
    }

    static void chmod(Path path, int mode) {
        PosixCalls.chmod(PosixCalls.cString(path), mode & 07777);
    }

    /**
     * Makes the path's xattrs exactly {@code wanted}, leaving {@link Xattrs#IGNORED} ones alone
     * on both sides. A filesystem without xattr support is tolerated, as umoci does (it
     * warns); any other failure, EPERM for {@code user.*} on a symlink included, is an error.
     */
    static void replaceXattrs(Path path, Map<String, byte[]> wanted) {
        try {
            for (String name : Xattrs.list(path)) {
                if (!Xattrs.IGNORED.contains(name) && !wanted.containsKey(name)) {
                    Xattrs.remove(path, name);
                }
            }
        } catch (LastErrorException e) {
            if (e.getErrorCode() != PosixCalls.EOPNOTSUPP) {
                throw e;
            }
        }
        for (Map.Entry<String, byte[]> xattr : wanted.entrySet()) {
            if (Xattrs.IGNORED.contains(xattr.getKey())) {
                continue;
            }
            try {
                Xattrs.set(path, xattr.getKey(), xattr.getValue());
            } catch (LastErrorException e) {
                if (e.getErrorCode() != PosixCalls.EOPNOTSUPP) {
                    throw e;
                }
            }
        }
    }

    /**
     * Gives a path that was just created, and so has no xattrs yet, {@code wanted} (less the
     * {@link Xattrs#IGNORED} ones): {@link #replaceXattrs} without listing what is there.
     */
    static void addXattrs(Path path, Map<String, byte[]> wanted) {
        if (wanted.isEmpty()) {
            return;
        }
        for (Map.Entry<String, byte[]> xattr : wanted.entrySet()) {
            if (Xattrs.IGNORED.contains(xattr.getKey())) {
                continue;
            }
            try {
                Xattrs.set(path, xattr.getKey(), xattr.getValue());
            } catch (LastErrorException e) {
                if (e.getErrorCode() != PosixCalls.EOPNOTSUPP) {
                    throw e;
                }
            }
        }
    }

    static void setTimes(Path path, FileTime atime, FileTime mtime) {
        Instant a = atime.toInstant();
        Instant m = mtime.toInstant();
        setTimes(path, a.getEpochSecond(), a.getNano(), m.getEpochSecond(), m.getNano());
    }

    static void setTimes(Path path, long atimeSeconds, long atimeNanos, long mtimeSeconds, long mtimeNanos) {
        long[] times = {atimeSeconds, atimeNanos, mtimeSeconds, mtimeNanos};
        PosixCalls.utimensat(PosixCalls.AT_FDCWD, PosixCalls.cString(path), times,
                PosixCalls.AT_SYMLINK_NOFOLLOW);
    }
}

package org.racker.layer;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the unpacker knows about a root across its layers that lets it skip calls for
 * entries it has just created, without changing the result:
 *
 * <ul>
 *   <li>{@link #freshEntriesBare()}: a file, directory or link the unpacker has just created
 *       has no xattrs, so there are none to list and remove, and its mode is what it was
 *       created with. True unless the new root came with xattrs other than ignored ones
 *       (inherited default ACLs, an LSM's labels: then every new entry has them too), and
 *       until an entry sets a default ACL ({@code system.posix_acl_default}), which entries
 *       created below it inherit.</li>
 *   <li>{@link #umask()}: the process's umask, so that a file created with the permissions
 *       its entry asks for (when the umask keeps them all) needs no chmod.</li>
 * </ul>
 */
final class RootState {
    static final String DEFAULT_ACL = "system.posix_acl_default";

    private final int umask;
    private boolean freshEntriesBare;

    private RootState(int umask, boolean freshEntriesBare) {
        this.umask = umask;
        this.freshEntriesBare = freshEntriesBare;
    }

    /** For a root the unpacker has just created, empty. */
    static RootState ofNewRoot(Path root) {
        boolean bare;
        try {
            bare = Xattrs.list(root).stream().allMatch(Xattrs.IGNORED::contains);
        } catch (LastErrorException e) {
            bare = e.getErrorCode() == PosixCalls.EOPNOTSUPP; // no xattrs at all on this filesystem
        }
        return new RootState(processUmask(), bare);
    }

    /** For a root of unknown history: no shortcuts. */
    static RootState ofExistingRoot() {
        return new RootState(-1, false);
    }

    boolean freshEntriesBare() {
        return freshEntriesBare;
    }

    /** The umask, or -1 when unknown. */
    int umask() {
        return umask;
    }

    /** An entry is about to get {@code xattrs}: a default ACL ends the shortcuts. */
    void settingXattrs(java.util.Map<String, byte[]> xattrs) {
        if (freshEntriesBare && xattrs.containsKey(DEFAULT_ACL)) {
            freshEntriesBare = false;
        }
    }

    /** Whether a new file or directory created with {@code mode}'s permission bits ends with exactly {@code mode}. */
    boolean createsWithMode(int mode) {
        int bits = mode & 07777;
        return freshEntriesBare && umask >= 0 && (bits & ~0777) == 0 && (bits & umask) == 0;
    }

    /** The umask from /proc/self/status (Linux 4.7 and later), or -1. */
    private static int processUmask() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Umask:")) {
                    return Integer.parseInt(line.substring(6).trim(), 8);
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown: chmod every entry
        }
        return -1;
    }
}

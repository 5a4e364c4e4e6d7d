package org.racker.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Set;
import org.racker.host.KernelRandom;

/**
 * Replaces a file's content all at once: written to a fresh temporary file beside it (never
 * one left by someone else, never through a symlink), synced, then renamed over it. A reader
 * sees the old content or the new, a crash leaves the old one and at worst a temporary file
 * that names itself as such.
 */
public final class AtomicFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AtomicFiles() { }

    /** Writes {@code content} to {@code target} with mode 0644. */
    public static void write(Path target, byte[] content) throws IOException {
        write(target, content, PosixFilePermissions.fromString("rw-r--r--"));
    }

    /**
     * Writes {@code content} to {@code target} with {@code permissions}. A symlink at
     * {@code target} is replaced, not written through.
     */
    public static void write(Path target, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        write(target, content, permissions, true);
    }

    /**
     * As {@link #write(Path, byte[], Set)} without syncing to disk first: for state that is
     * rewritten several times a second and worthless after a reboot (a running container's
     * record), where the sync would cost more than all the rest.
     */
    public static void writeUnsynced(Path target, byte[] content, Set<PosixFilePermission> permissions)
            throws IOException {
        write(target, content, permissions, false);
    }

    private static void write(Path target, byte[] content, Set<PosixFilePermission> permissions, boolean sync)
            throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp-"
                + HexFormat.of().formatHex(KernelRandom.bytes(6)));
        try {
            // created owner-only, so nobody reads it half-written; CREATE_NEW never follows a link
            try (FileChannel out = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                if (sync) {
                    out.force(true);
                }
            }
            if (!permissions.equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(temp, permissions);
            }
            moveIntoPlace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Renames a finished temporary file (one streamed to its end, e.g. a download) over
     * {@code target} in one step. Both must be in one directory: a rename that cannot be
     * atomic fails rather than falling back to a copy a reader could see half done.
     */
    public static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + temp + " atomically to " + target, e);
        }
    }
}

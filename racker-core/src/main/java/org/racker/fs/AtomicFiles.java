package org.racker.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
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
                out.force(true);
            }
            if (!permissions.equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(temp, permissions);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}

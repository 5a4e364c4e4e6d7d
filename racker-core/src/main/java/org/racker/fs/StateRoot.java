package org.racker.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.racker.host.HostInfo;

/**
 * The directory racker keeps its state in ({@code --root}), private to its owner. Pulled
 * images hold setuid-root binaries and files with capabilities: were the store reachable by
 * other local users, any of them could run one and become root. So the root and each of
 * racker's directories in it are mode 0700 (as umoci makes its bundles), also in a store made
 * before racker did so, which is mended on first use.
 *
 * <p>A root directory that holds more than racker's own entries (a user's {@code --root
 * /srv}, say) is not racker's to change: there only racker's own directories are made
 * private, which is what keeps the images out of reach.
 */
public final class StateRoot {
    /** What racker keeps directly under its root. */
    private static final Set<String> OWN_ENTRIES = Set.of("containers", "names", "images", "curated", "bootable", "cache", "testbeds",
            "rootfs", "vm");
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");

    private StateRoot() { }

    /**
     * {@code root/name}, made (or mended) private, with the root made private too when it is
     * racker's alone.
     */
    public static Path privateDirectory(Path root, String name) {
        if (!OWN_ENTRIES.contains(name)) {
            throw new IllegalArgumentException("not a directory of racker's root: " + name);
        }
        try {
            secureRoot(root);
            Path dir = root.resolve(name);
            makePrivate(dir);
            return dir;
        } catch (AccessDeniedException e) {
            if (!HostInfo.runsAsRoot()) {
                // the message names the path, so the cause adds nothing to the user's one line
                throw new UncheckedIOException("cannot write racker's state directory " + root.resolve(name) + ": "
                        + HostInfo.NOT_ROOT, e);
            }
            throw new UncheckedIOException("cannot prepare racker's state directory " + root.resolve(name), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare racker's state directory " + root.resolve(name), e);
        }
    }

    private static void secureRoot(Path root) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            Path parent = root.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            makePrivate(root);
            return;
        }
        if (!isPrivate(root) && holdsOnlyOwnEntries(root)) {
            Files.setPosixFilePermissions(root, PRIVATE);
        }
    }

    /** Makes {@code dir} (a directory, never a symlink) with mode 0700, or sets that mode. */
    private static void makePrivate(Path dir) throws IOException {
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE));
            // the umask may have taken bits away; it cannot have added any, but make it exact
            Files.setPosixFilePermissions(dir, PRIVATE);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(dir + " is not a directory", e);
            }
            if (!isPrivate(dir)) {
                Files.setPosixFilePermissions(dir, PRIVATE);
            }
        }
    }

    private static boolean isPrivate(Path dir) throws IOException {
        return Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS).equals(PRIVATE);
    }

    private static boolean holdsOnlyOwnEntries(Path root) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path e : entries) {
                if (!OWN_ENTRIES.contains(e.getFileName().toString())) {
                    return false;
                }
            }
        }
        return true;
    }
}

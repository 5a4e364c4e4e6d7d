package org.racker.fs;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A directory inside a root, held open (see {@link RootedFiles}). Its entries are named by
 * one component each and reached through the descriptor ({@code /proc/self/fd/N/NAME}), so
 * the kernel resolves nothing but that last name, and never follows it for a write: a
 * symlink the image put there is replaced, not written through.
 */
public final class RootedDirectory implements AutoCloseable {
    private final RootedFiles root;
    private final int fd;
    private final String path;
    private boolean closed;

    RootedDirectory(RootedFiles root, int fd, String path) {
        this.root = root;
        this.fd = fd;
        this.path = path;
    }

    /** The directory's path inside the root, as it was asked for. */
    public String path() {
        return path;
    }

    /** The content of the regular file {@code name} (a symlink there is followed inside the root). */
    public Optional<byte[]> readRegularFile(String name, int limit) throws IOException {
        return root.readRegularFile(path + "/" + checked(name), limit);
    }

    /** Like {@link #readRegularFile}, as UTF-8 text. */
    public Optional<String> readText(String name, int limit) throws IOException {
        return readRegularFile(name, limit).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** Replaces {@code name} with a regular file of {@code content} (mode 0644), atomically. */
    public void write(String name, byte[] content) throws IOException {
        Path entry = entry(name);
        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(path + "/" + name + " in " + root.root() + " is a directory");
        }
        AtomicFiles.write(entry, content);
    }

    public void writeText(String name, String content) throws IOException {
        write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Makes {@code name} a symlink to {@code target}, replacing what is there unless it is a directory. */
    public void symlink(String name, String target) throws IOException {
        Path entry = entry(name);
        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(path + "/" + name + " in " + root.root() + " is a directory");
        }
        Files.deleteIfExists(entry);
        Files.createSymbolicLink(entry, Path.of(target));
    }

    /** The names in this directory. */
    public List<String> list() throws IOException {
        return root.names(fd);
    }

    /** Whether {@code name} exists here, itself (a symlink counts, not followed). */
    public boolean contains(String name) {
        return Files.exists(entry(name), LinkOption.NOFOLLOW_LINKS);
    }

    private Path entry(String name) {
        return RootedFiles.fdPath(fd).resolve(checked(name));
    }

    private static String checked(String name) {
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..") || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a single file name: \"" + name + "\"");
        }
        return name;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                root.libc().close(fd);
            } catch (LastErrorException e) {
                // a descriptor that cannot be closed was closed already
            }
        }
    }
}

package org.racker.fs;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.racker.nativeio.FileCalls;

/**
 * Files of an image's or a container's root, reached from the host as a process chrooted
 * into it would reach them: every path is opened with openat2(RESOLVE_IN_ROOT), so the
 * root's symlinks and {@code ..} resolve inside it and never lead to the host's files,
 * whatever the image holds. Image content is untrusted and racker runs as root: this is the
 * one way the host reads or writes inside a root.
 *
 * <p>What is read must be a regular file: a FIFO would block and a device would read the
 * host's hardware, so both are refused after an {@code O_PATH} open, which touches neither.
 */
public final class RootedFiles {
    /** How often openat2 is retried when a rename in the root raced it (EAGAIN). */
    private static final int RACE_RETRIES = 8;

    private final Path root;

    public RootedFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * The libc binding, fetched at a call rather than when the object is made: JNA's set-up
     * is a large part of a short command's start, and a command that only might read a
     * container's files (exec) then pays it only when it does.
     */
    static FileCalls libc() {
        return FileCalls.get();
    }

    public Path root() {
        return root;
    }

    /** What {@code path} names, its symlinks followed inside the root; empty when it is missing. */
    public Optional<PosixFileAttributes> attributes(String path) throws IOException {
        int fd = open(path, FileCalls.O_PATH);
        if (fd < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAttributes(fdPath(fd), PosixFileAttributes.class));
        } finally {
            libc().close(fd);
        }
    }

    public boolean exists(String path) {
        return attributesOrEmpty(path).isPresent();
    }

    public boolean isRegularFile(String path) {
        return attributesOrEmpty(path).filter(PosixFileAttributes::isRegularFile).isPresent();
    }

    public boolean isDirectory(String path) {
        return attributesOrEmpty(path).filter(PosixFileAttributes::isDirectory).isPresent();
    }

    private Optional<PosixFileAttributes> attributesOrEmpty(String path) {
        try {
            return attributes(path);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The content of the regular file {@code path}; empty when it is missing or not a regular
     * file (a FIFO, a device, a directory).
     *
     * @throws IOException when it is larger than {@code limit} bytes, or cannot be read
     */
    public Optional<byte[]> readRegularFile(String path, int limit) throws IOException {
        int fd = open(path, FileCalls.O_PATH);
        if (fd < 0) {
            return Optional.empty();
        }
        try {
            return readOpened(fd, path, limit);
        } finally {
            libc().close(fd);
        }
    }

    /** The names in directory {@code path}; empty when it is missing or not a directory. */
    public List<String> list(String path) throws IOException {
        int fd = open(path, FileCalls.O_PATH | FileCalls.O_DIRECTORY);
        if (fd < 0) {
            return List.of();
        }
        try {
            return names(fd);
        } finally {
            libc().close(fd);
        }
    }

    /**
     * Opens directory {@code path}, making what is missing of it when {@code create} (mode
     * 0755, each new component made below one held open). Empty when it is missing and not
     * to be made.
     *
     * @throws IOException when some component is not a directory, or cannot be made
     */
    public Optional<RootedDirectory> directory(String path, boolean create) throws IOException {
        int fd = open(path, FileCalls.O_PATH | FileCalls.O_DIRECTORY);
        if (fd >= 0) {
            return Optional.of(new RootedDirectory(this, fd, path));
        }
        if (!create) {
            return Optional.empty();
        }
        fd = open("/", FileCalls.O_PATH | FileCalls.O_DIRECTORY);
        StringBuilder walked = new StringBuilder();
        try {
            for (String part : path.split("/")) {
                if (part.isEmpty() || part.equals(".")) {
                    continue;
                }
                walked.append('/').append(part);
                int next = open(walked.toString(), FileCalls.O_PATH | FileCalls.O_DIRECTORY);
                if (next < 0) {
                    if (part.equals("..")) {
                        throw new IOException(walked + " in " + root + " does not exist");
                    }
                    try {
                        libc().mkdirat(fd, part, 0755);
                        next = libc().openat(fd, part, FileCalls.O_PATH | FileCalls.O_DIRECTORY | FileCalls.O_NOFOLLOW
                                | FileCalls.O_CLOEXEC, 0);
                    } catch (LastErrorException e) {
                        throw new IOException("cannot make " + walked + " in " + root + ": " + describe(e));
                    }
                }
                libc().close(fd);
                fd = next;
            }
            RootedDirectory dir = new RootedDirectory(this, fd, path);
            fd = -1;
            return Optional.of(dir);
        } finally {
            if (fd >= 0) {
                libc().close(fd);
            }
        }
    }

    /**
     * openat2 of {@code path} below the root with {@code flags}; -1 when a component is
     * missing, not a directory, or a symlink loop.
     */
    private int open(String path, int flags) throws IOException {
        int rootFd;
        try {
            rootFd = libc().openat(FileCalls.AT_FDCWD, root.toString(), FileCalls.O_PATH | FileCalls.O_DIRECTORY
                    | FileCalls.O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new IOException("cannot open the root " + root + ": " + describe(e));
        }
        try {
            return openBelow(libc(), rootFd, path, flags);
        } finally {
            libc().close(rootFd);
        }
    }

    /**
     * openat2(RESOLVE_IN_ROOT) of {@code path} below the directory {@code rootFd}; -1 when a
     * component is missing, not a directory, or a symlink loop.
     */
    public static int openBelow(FileCalls libc, int rootFd, String path, int flags) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                return openInRoot(libc, rootFd, path, flags);
            } catch (LastErrorException e) {
                int errno = e.getErrorCode();
                if (errno == FileCalls.ENOENT || errno == FileCalls.ENOTDIR || errno == FileCalls.ELOOP) {
                    return -1;
                }
                if (errno != FileCalls.EAGAIN || attempt >= RACE_RETRIES) {
                    throw new IOException("cannot open " + path + ": " + describe(e));
                }
            }
        }
    }

    /**
     * Opens {@code path} below {@code rootFd} as a process whose root that directory is: its
     * symlinks and ".." never lead out of it, and no magic link of /proc is followed.
     *
     * @throws LastErrorException with openat2's errno
     */
    public static int openInRoot(FileCalls libc, int rootFd, String path, int flags) {
        FileCalls.OpenHow how = new FileCalls.OpenHow();
        how.flags = flags | FileCalls.O_CLOEXEC;
        how.resolve = FileCalls.RESOLVE_IN_ROOT | FileCalls.RESOLVE_NO_MAGICLINKS;
        how.write();
        return libc().syscall(FileCalls.SYS_OPENAT2, rootFd, path, how, how.size());
    }

    /** Reads the regular file open (O_PATH) as {@code fd}, refusing anything else. */
    Optional<byte[]> readOpened(int fd, String shownAs, int limit) throws IOException {
        Path opened = fdPath(fd);
        if (!Files.readAttributes(opened, PosixFileAttributes.class).isRegularFile()) {
            return Optional.empty();
        }
        // reopening the O_PATH descriptor through /proc reads the very file resolved above
        try (InputStream in = Files.newInputStream(opened)) {
            byte[] content = in.readNBytes(limit + 1);
            if (content.length > limit) {
                throw new IOException(shownAs + " in " + root + " is larger than " + limit + " bytes");
            }
            return Optional.of(content);
        }
    }

    List<String> names(int fd) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(fdPath(fd))) {
            for (Path e : entries) {
                names.add(e.getFileName().toString());
            }
        }
        return names;
    }

    static Path fdPath(int fd) {
        return Path.of("/proc/self/fd/" + fd);
    }

    static String describe(LastErrorException e) {
        return switch (e.getErrorCode()) {
            case FileCalls.ENOENT -> "No such file or directory";
            case FileCalls.ENOTDIR -> "Not a directory";
            case FileCalls.ELOOP -> "Too many levels of symbolic links";
            case FileCalls.EEXIST -> "File exists";
            default -> "error " + e.getErrorCode();
        };
    }
}

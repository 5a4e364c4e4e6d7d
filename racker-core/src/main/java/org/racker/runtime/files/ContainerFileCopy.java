package org.racker.runtime.files;

import com.sun.jna.LastErrorException;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.racker.RackerException;
import org.racker.layer.LayerUnpackException;
import org.racker.layer.LayerUnpacker;
import org.racker.fs.RootedFiles;
import org.racker.nativeio.FileCalls;

/**
 * {@code racker cp} without any tool in the container: files and directories copied between
 * the host and a container's root (its leader's {@code /proc/PID/root}), modes, owners and
 * symlinks kept, as {@code tar -p --numeric-owner} would.
 *
 * <p>No path the container controls is ever resolved by the host: the starting directory is
 * opened with openat2(RESOLVE_IN_ROOT), so its symlinks resolve inside the container's root
 * as they would for a process in it; below it every entry is reached from a directory held
 * open ({@code /proc/self/fd/N/NAME}, one component, never followed) and directories are
 * opened with O_NOFOLLOW. A symlink the container swaps in meanwhile is copied as a symlink
 * or makes the copy fail; it never leads out of the root.
 */
public final class ContainerFileCopy {
    private final Path root;
    private final FileCalls libc;
    private final List<String> skipped = new ArrayList<>();

    /** @param root the container's root as the host reaches it, e.g. /proc/PID/root */
    public ContainerFileCopy(Path root) {
        this.root = root;
        this.libc = FileCalls.load();
    }

    /** What was not copied (device nodes, sockets, fifos), as container or host paths. */
    public List<String> skipped() {
        return List.copyOf(skipped);
    }

    /**
     * Copies {@code source} (a file or a directory tree) to {@code containerDest}, as docker
     * cp does: into it when it is a directory, else under that name (its parent must exist).
     */
    public void copyIn(Path source, String containerDest) throws RackerException {
        Path name = source.getFileName();
        if (name == null) {
            throw new RackerException("cannot copy " + source + ": name a file or directory below /");
        }
        Path dest = Path.of("/").resolve(containerDest).normalize();
        int dir;
        String target;
        try {
            dir = openInRoot(libc, root, dest.toString(), FileCalls.O_RDONLY | FileCalls.O_DIRECTORY);
            target = name.toString();
        } catch (LastErrorException e) {
            boolean missing = e.getErrorCode() == FileCalls.ENOENT;
            if (!(missing || e.getErrorCode() == FileCalls.ENOTDIR) || dest.getFileName() == null
                    || (missing && containerDest.endsWith("/"))) {
                throw new RackerException(containerDest + " in the container: " + why(e));
            }
            if (!missing && Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                throw new RackerException("cannot copy the directory " + source + " onto the file " + dest
                        + " in the container");
            }
            dir = openInRoot(dest.getParent().toString());
            target = dest.getFileName().toString();
        }
        try {
            put(dir, target, source);
        } catch (IOException | LastErrorException e) {
            throw new RackerException("copying " + source + " to " + dest + " failed: " + describe(e), e);
        } finally {
            libc.close(dir);
        }
    }

    /**
     * Copies what the host directory {@code source} holds (docker's {@code SRC/.}) into the
     * container directory {@code containerDest}, made if missing (its parent must exist).
     */
    public void copyContentsIn(Path source, String containerDest) throws RackerException {
        if (!Files.isDirectory(source)) {
            throw new RackerException(source + " is not a directory: SRC/. copies a directory's contents");
        }
        Path dest = Path.of("/").resolve(containerDest).normalize();
        int dir;
        try {
            dir = openInRoot(libc, root, dest.toString(), FileCalls.O_RDONLY | FileCalls.O_DIRECTORY);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != FileCalls.ENOENT || dest.getFileName() == null) {
                throw new RackerException(containerDest + " in the container: " + why(e));
            }
            int parent = openInRoot(dest.getParent().toString());
            try {
                libc.mkdirat(parent, dest.getFileName().toString(), 0755);
                dir = libc.openat(parent, dest.getFileName().toString(), FileCalls.O_RDONLY | FileCalls.O_DIRECTORY
                        | FileCalls.O_NOFOLLOW | FileCalls.O_CLOEXEC, 0);
            } catch (LastErrorException made) {
                throw new RackerException("cannot make " + dest + " in the container: " + describe(made));
            } finally {
                libc.close(parent);
            }
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(source)) {
            for (Path e : entries) {
                put(dir, e.getFileName().toString(), e);
            }
        } catch (IOException | LastErrorException e) {
            throw new RackerException("copying " + source + " to " + dest + " failed: " + describe(e), e);
        } finally {
            libc.close(dir);
        }
    }

    /**
     * Copies what the container directory {@code containerPath} holds (docker's
     * {@code SRC/.}) into the host directory {@code hostDest}, made if missing.
     */
    public void copyContentsOut(String containerPath, Path hostDest) throws RackerException {
        Path path = Path.of("/").resolve(containerPath).normalize();
        int dir = openInRoot(path.toString());
        try {
            Files.createDirectories(hostDest);
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(fdPath(dir))) {
                for (Path e : entries) {
                    String name = e.getFileName().toString();
                    get(dir, name, path.resolve(name).toString(), hostDest.resolve(name));
                }
            }
        } catch (IOException | LastErrorException e) {
            throw outFailed(path, e);
        } finally {
            libc.close(dir);
        }
    }

    /**
     * Copies the container's {@code containerPath} (a file or a directory tree) to
     * {@code hostDest}: into it when it is a directory, else under that name.
     */
    public void copyOut(String containerPath, Path hostDest) throws RackerException {
        copyOut(containerPath, hostDest, null);
    }

    /** As {@link #copyOut(String, Path)}, the copy named {@code nameAs} in a host directory (null: its own name). */
    public void copyOut(String containerPath, Path hostDest, String nameAs) throws RackerException {
        Path path = Path.of("/").resolve(containerPath).normalize();
        if (path.getFileName() == null) {
            throw new RackerException("cannot copy the whole root: name a file or directory below /");
        }
        String name = path.getFileName().toString();
        if (nameAs == null) {
            nameAs = name;
        }
        Path target = Files.isDirectory(hostDest) ? hostDest.resolve(nameAs) : hostDest;
        Path parent = target.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new RackerException("no such directory: " + parent + " (the destination's directory must exist)");
        }
        int dir = openInRoot(path.getParent().toString());
        try {
            getTop(dir, name, path.toString(), target);
        } catch (IOException | LastErrorException e) {
            throw outFailed(path, e);
        } finally {
            libc.close(dir);
        }
    }

    /**
     * Writes the container's {@code containerPath} as a tar stream to {@code out} (docker's
     * {@code cp CONTAINER:PATH -}): its entries named from the path's last component, or, for
     * {@code contents}, from within the directory (docker's {@code SRC/.}). Owners, modes,
     * times and symlinks are kept; device nodes, sockets and fifos are skipped.
     */
    public void writeTar(String containerPath, boolean contents, OutputStream out) throws RackerException {
        writeTar(containerPath, contents, out, null);
    }

    /** As {@link #writeTar(String, boolean, OutputStream)}, the top entry named {@code nameAs} (null: its own name). */
    public void writeTar(String containerPath, boolean contents, OutputStream out, String nameAs) throws RackerException {
        Path path = Path.of("/").resolve(containerPath).normalize();
        if (!contents && path.getFileName() == null) {
            contents = true; // the whole root: what it holds, as docker's cp CTR:/ -
        }
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        int dir = openInRoot(contents ? path.toString() : path.getParent().toString());
        try {
            if (contents) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(fdPath(dir))) {
                    for (Path e : entries) {
                        String name = e.getFileName().toString();
                        putTar(tar, dir, name, name, path.resolve(name).toString());
                    }
                }
            } else {
                String name = path.getFileName().toString();
                putTar(tar, dir, name, nameAs == null ? name : nameAs, path.toString());
            }
            tar.finish();
            tar.flush();
        } catch (IOException | LastErrorException e) {
            throw outFailed(path, e);
        } finally {
            libc.close(dir);
        }
    }

    /** Entry {@code name} of the open container directory {@code dir} into the archive as {@code entryName}. */
    private void putTar(TarArchiveOutputStream tar, int dir, String name, String entryName, String shownAs)
            throws IOException {
        Path source = entry(dir, name);
        Map<String, Object> a = Files.readAttributes(source, "unix:*", LinkOption.NOFOLLOW_LINKS);
        TarArchiveEntry e;
        if ((Boolean) a.get("isSymbolicLink")) {
            e = new TarArchiveEntry(entryName, TarArchiveEntry.LF_SYMLINK);
            e.setLinkName(Files.readSymbolicLink(source).toString());
        } else if ((Boolean) a.get("isDirectory")) {
            e = new TarArchiveEntry(entryName + "/", TarArchiveEntry.LF_DIR);
        } else if ((Boolean) a.get("isRegularFile")) {
            e = new TarArchiveEntry(entryName, TarArchiveEntry.LF_NORMAL);
            e.setSize((Long) a.get("size"));
        } else {
            skipped.add(shownAs);
            return;
        }
        e.setMode((Integer) a.get("mode") & 07777);
        e.setUserId((Integer) a.get("uid"));
        e.setGroupId((Integer) a.get("gid"));
        e.setModTime(((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toMillis());
        if ((Boolean) a.get("isRegularFile")) {
            int fd = libc.openat(dir, name, FileCalls.O_RDONLY | FileCalls.O_NOFOLLOW | FileCalls.O_CLOEXEC, 0);
            try (InputStream in = new FileInputStream(fdPath(fd).toFile())) {
                tar.putArchiveEntry(e);
                // the size is the one read before: a file growing meanwhile is cut there, one
                // shrinking is an error the archive reports
                in.transferTo(new LimitedOutput(tar, e.getSize()));
                tar.closeArchiveEntry();
            } finally {
                libc.close(fd);
            }
            return;
        }
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
        if ((Boolean) a.get("isDirectory")) {
            int child = libc.openat(dir, name, FileCalls.O_RDONLY | FileCalls.O_DIRECTORY | FileCalls.O_NOFOLLOW
                    | FileCalls.O_CLOEXEC, 0);
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(fdPath(child))) {
                for (Path c : entries) {
                    String childName = c.getFileName().toString();
                    putTar(tar, child, childName, entryName + "/" + childName, shownAs + "/" + childName);
                }
            } finally {
                libc.close(child);
            }
        }
    }

    /**
     * Where {@code containerPath} leads when its last component is a symlink, followed (to
     * the end of a chain) inside the container's root: docker's {@code cp -L}.
     */
    public String followLinks(String containerPath) throws RackerException {
        Path path = Path.of("/").resolve(containerPath).normalize();
        for (int hops = 0; hops < 40; hops++) {
            if (path.getFileName() == null) {
                return path.toString();
            }
            int dir = openInRoot(path.getParent().toString());
            try {
                Path entry = entry(dir, path.getFileName().toString());
                if (!Files.isSymbolicLink(entry)) {
                    return path.toString();
                }
                path = path.getParent().resolve(Files.readSymbolicLink(entry)).normalize();
            } catch (IOException e) {
                throw new RackerException("cannot follow " + containerPath + " in the container: " + describe(e), e);
            } finally {
                libc.close(dir);
            }
        }
        throw new RackerException("cannot follow " + containerPath + " in the container: too many levels of symbolic links");
    }

    /** Passes on at most {@code limit} bytes. */
    private static final class LimitedOutput extends OutputStream {
        private final OutputStream out;
        private long left;

        LimitedOutput(OutputStream out, long limit) {
            this.out = out;
            this.left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            if (left > 0) {
                out.write(b);
                left--;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int n = (int) Math.min(len, left);
            if (n > 0) {
                out.write(b, off, n);
                left -= n;
            }
        }
    }

    /**
     * Unpacks a tar stream (docker's {@code cp - CONTAINER:DIR}) into the container directory
     * {@code containerDir}, which must exist. The directory is found inside the container's
     * root, and the archive's names, links and symlinks are held inside that directory, as
     * racker unpacks image layers.
     */
    public void readTar(InputStream in, String containerDir) throws RackerException {
        Path path = Path.of("/").resolve(containerDir).normalize();
        int dir = openInRoot(path.toString());
        try {
            new LayerUnpacker().apply("from stdin", in, fdPath(dir));
        } catch (LayerUnpackException e) {
            throw new RackerException("copying the archive into " + path + " failed: " + e.getMessage(), e);
        } finally {
            libc.close(dir);
        }
    }

    private static RackerException outFailed(Path path, Exception e) {
        return e instanceof NoSuchFileException ? new RackerException("No such file or directory in the container: " + path)
                : new RackerException("copying " + path + " out of the container failed: " + describe(e), e);
    }

    private int openInRoot(String containerDir) throws RackerException {
        try {
            return openInRoot(libc, root, containerDir, FileCalls.O_RDONLY | FileCalls.O_DIRECTORY);
        } catch (LastErrorException e) {
            throw new RackerException(containerDir + " in the container: " + why(e));
        }
    }

    private static String why(LastErrorException e) {
        return e.getErrorCode() == FileCalls.ENOENT ? "No such file or directory"
                : e.getErrorCode() == FileCalls.ENOTDIR ? "not a directory" : describe(e);
    }

    /**
     * Opens {@code path} as a process whose root is {@code root} would (openat2 with
     * RESOLVE_IN_ROOT): its symlinks and ".." never lead out of the root.
     */
    public static int openInRoot(FileCalls libc, Path root, String path, int flags) {
        int rootFd = libc.openat(FileCalls.AT_FDCWD, root.toString(), FileCalls.O_PATH | FileCalls.O_DIRECTORY
                | FileCalls.O_CLOEXEC, 0);
        try {
            return RootedFiles.openInRoot(libc, rootFd, path, flags);
        } finally {
            libc.close(rootFd);
        }
    }

    /** Host entry {@code source} into the open container directory {@code dir} as {@code name}. */
    private void put(int dir, String name, Path source) throws IOException {
        Map<String, Object> a = Files.readAttributes(source, "unix:*", LinkOption.NOFOLLOW_LINKS);
        Path target = entry(dir, name);
        int mode = (Integer) a.get("mode") & 07777;
        int uid = (Integer) a.get("uid");
        int gid = (Integer) a.get("gid");
        if ((Boolean) a.get("isSymbolicLink")) {
            removeUnlessDirectory(target);
            Files.createSymbolicLink(target, Files.readSymbolicLink(source));
        } else if ((Boolean) a.get("isDirectory")) {
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                removeUnlessDirectory(target);
                libc.mkdirat(dir, name, 0700);
            }
            int child = libc.openat(dir, name, FileCalls.O_RDONLY | FileCalls.O_DIRECTORY | FileCalls.O_NOFOLLOW
                    | FileCalls.O_CLOEXEC, 0);
            try {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(source)) {
                    for (Path e : entries) {
                        put(child, e.getFileName().toString(), e);
                    }
                }
                libc.fchown(child, uid, gid);
                libc.fchmod(child, mode);
            } finally {
                libc.close(child);
            }
        } else if ((Boolean) a.get("isRegularFile")) {
            removeUnlessDirectory(target);
            int fd = libc.openat(dir, name, FileCalls.O_WRONLY | FileCalls.O_CREAT | FileCalls.O_EXCL
                    | FileCalls.O_NOFOLLOW | FileCalls.O_CLOEXEC, 0600);
            try {
                try (InputStream in = Files.newInputStream(source); OutputStream out = new FileOutputStream(fdPath(fd).toFile())) {
                    in.transferTo(out);
                }
                libc.fchown(fd, uid, gid);
                libc.fchmod(fd, mode);
            } finally {
                libc.close(fd);
            }
        } else {
            skipped.add(source.toString());
        }
    }

    /**
     * The entry to the destination the user named. That one is the user's own: an existing
     * symlink, device or FIFO there is written through, as cp(1) does (cp CTR:/f /dev/stdout
     * prints it), never replaced; what cannot be written through (a directory or a symlink
     * from the container, a dangling symlink) is refused. Only a regular file or a missing
     * name is replaced.
     */
    private void getTop(int dir, String name, String shownAs, Path target) throws IOException, RackerException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS) || Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                || Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            get(dir, name, shownAs, target);
            return;
        }
        String kind = Files.isSymbolicLink(target) ? "a symlink" : "not a regular file";
        Map<String, Object> a = Files.readAttributes(entry(dir, name), "unix:*", LinkOption.NOFOLLOW_LINKS);
        if (!(Boolean) a.get("isRegularFile")) {
            throw new RackerException("cannot copy " + shownAs + " to " + target + ": it is " + kind
                    + " on the host and " + shownAs + " is not a regular file; name another destination");
        }
        if (!Files.exists(target)) {
            throw new RackerException("not writing through the dangling symlink " + target);
        }
        int fd = libc.openat(dir, name, FileCalls.O_RDONLY | FileCalls.O_NOFOLLOW | FileCalls.O_CLOEXEC, 0);
        // the content only: the mode and owner of what the destination leads to stay the host's
        try (InputStream in = new FileInputStream(fdPath(fd).toFile());
                OutputStream out = Files.newOutputStream(target, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            in.transferTo(out);
        } finally {
            libc.close(fd);
        }
    }

    /**
     * Container entry {@code name} of the open directory {@code dir} to the host path
     * {@code target}. Inside a copied tree, existing host entries are replaced, never followed:
     * a symlink there may be one the container itself put there by an earlier copy.
     */
    private void get(int dir, String name, String shownAs, Path target) throws IOException {
        Path source = entry(dir, name);
        Map<String, Object> a = Files.readAttributes(source, "unix:*", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode") & 07777;
        if ((Boolean) a.get("isSymbolicLink")) {
            Files.deleteIfExists(target);
            Files.createSymbolicLink(target, Files.readSymbolicLink(source));
            own(target, a);
            return;
        }
        if ((Boolean) a.get("isDirectory")) {
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(target);
                Files.createDirectory(target);
            }
            int child = libc.openat(dir, name, FileCalls.O_RDONLY | FileCalls.O_DIRECTORY | FileCalls.O_NOFOLLOW
                    | FileCalls.O_CLOEXEC, 0);
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(fdPath(child))) {
                for (Path e : entries) {
                    String childName = e.getFileName().toString();
                    get(child, childName, shownAs + "/" + childName, target.resolve(childName));
                }
            } finally {
                libc.close(child);
            }
        } else if ((Boolean) a.get("isRegularFile")) {
            int fd = libc.openat(dir, name, FileCalls.O_RDONLY | FileCalls.O_NOFOLLOW | FileCalls.O_CLOEXEC, 0);
            try (InputStream in = new FileInputStream(fdPath(fd).toFile())) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                libc.close(fd);
            }
        } else {
            skipped.add(shownAs);
            return;
        }
        own(target, a);
        libc.chmod(target.toString(), mode);
    }

    private void own(Path target, Map<String, Object> a) {
        libc.lchown(target.toString(), (Integer) a.get("uid"), (Integer) a.get("gid"));
    }

    /** One name in a directory held open: the kernel resolves nothing but that last component. */
    private static Path entry(int dir, String name) {
        return fdPath(dir).resolve(name);
    }

    private static Path fdPath(int fd) {
        return Path.of("/proc/self/fd/" + fd);
    }

    private static void removeUnlessDirectory(Path target) throws IOException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(target);
        }
    }

    private static String describe(Exception e) {
        if (e instanceof LastErrorException l) {
            return "error " + l.getErrorCode() + " (" + l.getMessage() + ")";
        }
        return e.getMessage();
    }
}

package org.racker.api;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.runtime.files.ContainerFileCopy;

/**
 * Copies in and out of a container through its root directory, as {@link Container}'s and
 * {@link Containers}' copies both do: the container's paths and symlinks resolve inside the
 * root, never on the host, and no tar is needed in the image. Each copy reports what it
 * skipped (device nodes, sockets, fifos).
 */
final class ContainerFiles {
    private final ContainerFileCopy copy;

    /** Through {@code root}: {@code /proc/PID/root} of a running container, or an image's root to read from. */
    ContainerFiles(Path root) {
        this.copy = new ContainerFileCopy(root);
    }

    /** The running container's root, seen through its init's. */
    static Path liveRoot(long leaderPid) {
        return Path.of("/proc", Long.toString(leaderPid), "root");
    }

    /** A host path to copy in, absolute; refused when there is nothing there. */
    static Path existing(Path hostPath) throws InvalidArgumentException {
        Path local = hostPath.toAbsolutePath().normalize();
        if (!Files.exists(local, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidArgumentException("no such file or directory: " + hostPath);
        }
        return local;
    }

    /** Docker's {@code SRC/.}: what the directory holds, not the directory itself. */
    static boolean contentsOf(String path) {
        return path.endsWith("/.") || path.equals(".");
    }

    /** {@code local} into {@code inside} (into it when a directory, else as it); its contents alone with {@code contents}. */
    List<String> copyIn(Path local, String inside, boolean contents) throws RackerException {
        if (contents) {
            copy.copyContentsIn(local, inside);
        } else {
            copy.copyIn(local, inside);
        }
        return copy.skipped();
    }

    /**
     * {@code inside} to the host's {@code hostPath}; its contents alone with {@code contents};
     * with {@code followLink}, what a symlink named as {@code inside} leads to, under the link's
     * name (docker's {@code cp -L}).
     */
    List<String> copyOut(String inside, Path hostPath, boolean contents, boolean followLink) throws RackerException {
        if (contents) {
            copy.copyContentsOut(inside, hostPath);
        } else {
            Followed f = follow(inside, followLink);
            copy.copyOut(f.path, hostPath, f.nameAs);
        }
        return copy.skipped();
    }

    /** {@code inside} as a tar stream on {@code out}, as {@link #copyOut} would copy it. */
    List<String> writeTar(String inside, OutputStream out, boolean contents, boolean followLink) throws RackerException {
        Followed f = contents ? new Followed(inside, null) : follow(inside, followLink);
        copy.writeTar(f.path, contents, out, f.nameAs);
        return copy.skipped();
    }

    /** A tar stream unpacked into the directory {@code insideDirectory}. */
    List<String> readTar(InputStream in, String insideDirectory) throws RackerException {
        copy.readTar(in, insideDirectory);
        return copy.skipped();
    }

    private record Followed(String path, String nameAs) { }

    private Followed follow(String inside, boolean followLink) throws RackerException {
        if (followLink) {
            Path named = Path.of("/").resolve(inside).normalize();
            String followed = copy.followLinks(inside);
            if (!followed.equals(named.toString())) {
                // the copy keeps the link's name, as docker's cp -L does
                return new Followed(followed, named.getFileName().toString());
            }
        }
        return new Followed(inside, null);
    }
}

package org.racker.layer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Maps names from a layer onto host paths under the root, the way umoci does (its
 * {@code CleanPath} followed by filepath-securejoin's {@code SecureJoin}). This is the whole
 * of the unpacker's path-scoping policy:
 *
 * <ul>
 *   <li>Entry names and hardlink targets are cleaned lexically as if they were absolute
 *       paths inside the root: {@code a/../b} is {@code b}, a {@code ..} at the top stays at
 *       the top ({@code ../../etc/x} is {@code etc/x}), and a leading {@code /} is dropped. So a
 *       name can never point outside the root; it is not refused either, which is what umoci,
 *       containerd and GNU tar ({@code --absolute-names} off) do.</li>
 *   <li>Every directory component is resolved with symlinks followed <em>inside</em> the
 *       root, as the kernel would for a process chrooted there: absolute targets restart at
 *       the root and {@code ..} stops at it. A write "through" a symlink in the parent path
 *       therefore lands inside the root, where the image itself would see it.</li>
 *   <li>The last component is never followed: an entry replaces a symlink rather than writing
 *       through it (except a directory entry over a symlink to a directory, see
 *       {@link TarLayerExtractor}), and no metadata call follows a link.</li>
 *   <li>What cannot be mapped safely is refused with an error naming the entry: a symlink
 *       loop (more than {@value #MAX_SYMLINKS} links, securejoin's limit) and an entry that
 *       would change the root itself into something other than a directory.</li>
 * </ul>
 *
 * The image spec leaves these cases to the implementation (it says only that entries are
 * relative paths of a changeset:
 * https://github.com/opencontainers/image-spec/blob/main/layer.md#change-types); we follow
 * umoci so that the result equals {@code umoci unpack}.
 */
final class RootScope {
    static final int MAX_SYMLINKS = 255;

    enum Kind { MISSING, DIRECTORY, SYMLINK, OTHER }

    /** A host path under the root, its root-relative name ("" for the root) and what is there. */
    record Resolved(Path path, String relative, Kind kind) {
        Resolved child(String name, Kind childKind) {
            return new Resolved(path.resolve(name), relative.isEmpty() ? name : relative + "/" + name, childKind);
        }
    }

    /** A symlink chain longer than {@link #MAX_SYMLINKS}. */
    static final class SymlinkLoopException extends IOException {
        private static final long serialVersionUID = 1L;

        SymlinkLoopException(String path) {
            super("too many levels of symbolic links resolving " + path + " inside the root");
        }
    }

    private final Path root;

    RootScope(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /**
     * umoci's {@code CleanPath} for a name relative to the root: no empty, {@code .} or
     * {@code ..} components, no leading or trailing slash; "" names the root itself.
     */
    static String clean(String name) {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }

    /**
     * Resolves a cleaned name with every component, the last one included, followed inside
     * the root. Components from the first missing (or non-directory) one on are kept
     * literally, as securejoin does.
     */
    Resolved resolve(String cleaned) throws IOException {
        Deque<String> pending = new ArrayDeque<>();
        pushComponents(pending, cleaned);
        Deque<String> names = new ArrayDeque<>();
        Deque<Path> hosts = new ArrayDeque<>();
        Deque<Kind> kinds = new ArrayDeque<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String part = pending.pop();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                names.pollLast();
                hosts.pollLast();
                kinds.pollLast();
                continue;
            }
            Kind parentKind = kinds.isEmpty() ? Kind.DIRECTORY : kinds.peekLast();
            Path host = (hosts.isEmpty() ? root : hosts.peekLast()).resolve(part);
            // Below a missing component or a non-directory nothing can exist (lstat would say
            // ENOENT or ENOTDIR), so there is nothing to ask the filesystem.
            Kind kind = parentKind == Kind.DIRECTORY ? kindOf(lstat(host)) : Kind.MISSING;
            if (kind == Kind.SYMLINK) {
                if (++links > MAX_SYMLINKS) {
                    throw new SymlinkLoopException(cleaned);
                }
                String target = Files.readSymbolicLink(host).toString();
                if (target.startsWith("/")) {
                    names.clear();
                    hosts.clear();
                    kinds.clear();
                }
                pushComponents(pending, target);
                continue;
            }
            names.addLast(part);
            hosts.addLast(host);
            kinds.addLast(kind);
        }
        return new Resolved(
                hosts.isEmpty() ? root : hosts.peekLast(),
                String.join("/", names),
                kinds.isEmpty() ? Kind.DIRECTORY : kinds.peekLast());
    }

    /** The root-relative name of a host path under the root. */
    String relative(Path host) {
        return root.relativize(host).toString();
    }

    /** lstat(2): the attributes of the path itself, or null when nothing is there. */
    static BasicFileAttributes lstat(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    static Kind kindOf(BasicFileAttributes attributes) {
        if (attributes == null) {
            return Kind.MISSING;
        }
        if (attributes.isSymbolicLink()) {
            return Kind.SYMLINK;
        }
        return attributes.isDirectory() ? Kind.DIRECTORY : Kind.OTHER;
    }

    /** Pushes the components of {@code path} so that its first component is popped first. */
    private static void pushComponents(Deque<String> pending, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            pending.push(parts[i]);
        }
    }
}

package org.racker.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Resolves a path as a process chrooted into {@code root} would see it: symlinks are followed,
 * but absolute targets and {@code ..} are interpreted inside the root, so the result never
 * points outside it. The host's own resolution would follow {@code /sbin/init -> /lib/...}
 * to the host's /lib.
 */
public final class RootedPathResolver {
    private static final int MAX_SYMLINKS = 40; // Linux's own limit (MAXSYMLINKS)

    private final Path root;

    public RootedPathResolver(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /**
     * The host path of {@code containerPath} with every symlink resolved inside the root, or
     * empty when some component does not exist (or a symlink loop was met).
     */
    public Optional<Path> resolve(String containerPath) {
        Deque<String> pending = new ArrayDeque<>();
        push(pending, containerPath);
        Deque<String> resolved = new ArrayDeque<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String part = pending.pop();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                resolved.pollLast();
                continue;
            }
            resolved.addLast(part);
            Path current = toHost(resolved);
            if (Files.isSymbolicLink(current)) {
                if (++links > MAX_SYMLINKS) {
                    return Optional.empty();
                }
                String target;
                try {
                    target = Files.readSymbolicLink(current).toString();
                } catch (IOException e) {
                    return Optional.empty();
                }
                resolved.removeLast();
                if (target.startsWith("/")) {
                    resolved.clear();
                }
                push(pending, target);
            } else if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
        }
        return Optional.of(toHost(resolved));
    }

    private Path toHost(Deque<String> parts) {
        Path p = root;
        for (String part : parts) {
            p = p.resolve(part);
        }
        return p;
    }

    /** Pushes the components of {@code path} so that the first one is popped first. */
    private static void push(Deque<String> pending, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            pending.push(parts[i]);
        }
    }
}

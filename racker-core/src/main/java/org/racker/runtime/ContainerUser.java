package org.racker.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.racker.InvalidArgumentException;
import org.racker.fs.RootedFiles;

/**
 * A {@code --user NAME|UID[:GROUP|GID]} resolved against the container's own /etc/passwd and
 * /etc/group, for commands that enter a container without a service manager to do it
 * (nsenter takes numeric ids only).
 */
record ContainerUser(int uid, int gid, String home) {
    /** passwd and group files past this size are not a container's user database. */
    private static final int DATABASE_LIMIT = 4 << 20;


    static ContainerUser resolve(Path rootfs, String spec) throws InvalidArgumentException {
        RootedFiles root = new RootedFiles(rootfs);
        String[] parts = spec.split(":", 2);
        List<String[]> passwd = entries(root, "/etc/passwd");
        String[] user = passwd.stream().filter(e -> e.length >= 6 && (e[0].equals(parts[0]) || e[2].equals(parts[0])))
                .findFirst().orElse(null);
        int uid;
        int gid;
        String home;
        if (user != null) {
            uid = Integer.parseInt(user[2]);
            gid = Integer.parseInt(user[3]);
            home = user[5];
        } else if (parts[0].matches("[0-9]+")) {
            uid = Integer.parseInt(parts[0]);
            gid = uid;
            home = "/";
        } else {
            throw new InvalidArgumentException("no user \"" + parts[0] + "\" in the container's /etc/passwd;"
                    + " give a user it has, or a numeric uid");
        }
        if (parts.length == 2) {
            gid = group(root, parts[1]).orElseThrow(() -> new InvalidArgumentException("no group \"" + parts[1]
                    + "\" in the container's /etc/group; give a group it has, or a numeric gid"));
        }
        return new ContainerUser(uid, gid, home);
    }

    private static Optional<Integer> group(RootedFiles root, String name) {
        if (name.matches("[0-9]+")) {
            return Optional.of(Integer.parseInt(name));
        }
        return entries(root, "/etc/group").stream().filter(e -> e.length >= 3 && e[0].equals(name))
                .map(e -> Integer.parseInt(e[2])).findFirst();
    }

    private static List<String[]> entries(RootedFiles root, String file) {
        try {
            Optional<byte[]> content = root.readRegularFile(file, DATABASE_LIMIT);
            if (content.isEmpty()) {
                return List.of();
            }
            return new String(content.get(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#"))
                    .map(l -> l.split(":", -1)).filter(e -> e.length >= 3 && e[2].matches("[0-9]{1,9}")).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}

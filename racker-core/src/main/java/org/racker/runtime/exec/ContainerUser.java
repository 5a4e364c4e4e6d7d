package org.racker.runtime.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.racker.NoSuchUserException;
import org.racker.fs.RootedFiles;

/**
 * A {@code --user NAME|UID[:GROUP|GID]} resolved against the container's own /etc/passwd and
 * /etc/group, for commands that enter a container without a service manager to do it
 * (nsenter takes numeric ids only), and to refuse a user the container lacks before anything
 * runs. {@code listed}: the user, and the group if one was named, have entries there (a
 * service manager runs commands only as such users). The files are opened with openat2(RESOLVE_IN_ROOT): a running container may change
 * its own, and no symlink of theirs may lead the host to read one of its own files.
 */
public record ContainerUser(int uid, int gid, String home, boolean listed) {
    /** passwd and group files past this size are not a container's user database. */
    private static final int DATABASE_LIMIT = 4 << 20;

    /** @param root the container's root as the host reaches it: its image, or /proc/LEADER/root */
    public static ContainerUser resolve(Path rootPath, String spec) throws NoSuchUserException {
        RootedFiles root = new RootedFiles(rootPath);
        String[] parts = spec.split(":", 2);
        List<String[]> passwd = entries(root, "/etc/passwd");
        String[] user = passwd.stream().filter(e -> e.length >= 6 && (e[0].equals(parts[0]) || e[2].equals(parts[0])))
                .findFirst().orElse(null);
        int uid;
        int gid;
        String home;
        if (user != null) {
            uid = Integer.parseInt(user[2]);
            gid = user[3].matches("[0-9]{1,9}") ? Integer.parseInt(user[3]) : uid;
            home = user[5];
        } else if (parts[0].matches("[0-9]{1,9}")) {
            uid = Integer.parseInt(parts[0]);
            gid = uid;
            home = "/";
        } else {
            throw NoSuchUserException.user(parts[0]);
        }
        boolean listed = user != null;
        if (parts.length == 2) {
            gid = group(root, parts[1]).orElseThrow(() -> NoSuchUserException.group(parts[1]));
            final int wanted = gid;
            listed &= entries(root, "/etc/group").stream().anyMatch(e -> e.length >= 3 && Integer.parseInt(e[2]) == wanted);
        }
        return new ContainerUser(uid, gid, home, listed);
    }

    /**
     * {@code request} as root, its command started by the image's setpriv as this user: for
     * what the container's own means cannot do (numeric ids the image does not list, as docker
     * takes them; a group for nspawn's --user). Supplementary groups are the user's own where
     * the image lists it, none otherwise; HOME is the user's home, or / as docker sets it.
     *
     * @param what the image or container, as an error message names it
     */
    public ExecRequest throughSetpriv(ExecRequest request, RootedFiles root, String what)
            throws org.racker.InvalidArgumentException {
        String setpriv = root.isRegularFile("/usr/bin/setpriv") ? "/usr/bin/setpriv"
                : root.isRegularFile("/bin/setpriv") ? "/bin/setpriv" : null;
        if (setpriv == null) {
            throw new org.racker.InvalidArgumentException("user " + request.user() + " needs setpriv in " + what + (listed ? ", which has none, to choose a group"
                            : ", which has none, as its passwd or group file does not list it")
                    + ": add the user to the image, or give -u a user it lists");
        }
        List<String> command = new java.util.ArrayList<>(List.of(setpriv, "--reuid=" + uid, "--regid=" + gid,
                listed ? "--init-groups" : "--clear-groups", "--"));
        command.addAll(request.command());
        List<EnvironmentVariable> env = new java.util.ArrayList<>();
        env.add(new EnvironmentVariable("HOME", home));
        env.addAll(request.environment());
        return new ExecRequest(command, env, request.workingDirectory(), null, request.interactive(), request.tty());
    }

    private static Optional<Integer> group(RootedFiles root, String name) {
        if (name.matches("[0-9]{1,9}")) {
            return Optional.of(Integer.parseInt(name));
        }
        return entries(root, "/etc/group").stream().filter(e -> e.length >= 3 && e[0].equals(name))
                .map(e -> Integer.parseInt(e[2])).findFirst();
    }

    private static List<String[]> entries(RootedFiles root, String file) {
        Optional<byte[]> content;
        try {
            content = root.readRegularFile(file, DATABASE_LIMIT);
        } catch (IOException e) {
            return List.of(); // a loop, too large, unreadable: the container has no such entries
        }
        if (content.isEmpty()) {
            return List.of();
        }
        return new String(content.get(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#"))
                .map(l -> l.split(":", -1)).filter(e -> e.length >= 3 && e[2].matches("[0-9]{1,9}")).toList();
    }
}

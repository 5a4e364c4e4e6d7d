package org.racker.runtime.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A cgroup of the container's own on hosts without machined. nspawn with {@code --keep-unit}
 * puts the container under the cgroup it was started in; containers started from the same
 * cgroup would share their {@code payload} subtree, and their systemds would trample each
 * other's units (transient services failing with status 219 under parallel load). So each
 * nspawn starts in {@code racker/NAME}, in every hierarchy systemd uses (the named systemd
 * v1 hierarchy and the unified one on hybrid hosts; the one tree on cgroup v2). The tree is
 * removed once the container has stopped.
 */
public final class ContainerCgroup {
    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");
    /** The interface files of a cgroup v1 directory not named {@code cgroup.*}. */
    private static final java.util.Set<String> V1_FILES = java.util.Set.of("tasks", "notify_on_release", "release_agent");

    private final List<Path> directories;

    ContainerCgroup(List<Path> directories) {
        this.directories = directories;
    }

    public static ContainerCgroup forMachine(String machineName) {
        List<Path> dirs = new ArrayList<>();
        for (Path hierarchy : hierarchies()) {
            dirs.add(hierarchy.resolve("racker").resolve(machineName));
        }
        return new ContainerCgroup(dirs);
    }

    /** The machines that have a group under {@code racker/} in any hierarchy. */
    public static java.util.Set<String> machines() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (Path hierarchy : hierarchies()) {
            try (DirectoryStream<Path> groups = Files.newDirectoryStream(hierarchy.resolve("racker"), Files::isDirectory)) {
                for (Path group : groups) {
                    names.add(group.getFileName().toString());
                }
            } catch (IOException e) {
                // no racker groups in this hierarchy
            }
        }
        return names;
    }

    /** Every process in the group and below it, in any hierarchy. */
    public java.util.Set<Long> processes() {
        java.util.Set<Long> pids = new java.util.TreeSet<>();
        for (Path dir : directories) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path procs : walk.filter(p -> p.getFileName().toString().equals("cgroup.procs")).toList()) {
                    for (String pid : Files.readAllLines(procs)) {
                        if (!pid.isBlank()) {
                            pids.add(Long.parseLong(pid.trim()));
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the group went away meanwhile
            }
        }
        return pids;
    }

    /**
     * A group of the container's own below its cgroup, for a helper that belongs to the
     * container (its slirp4netns). A leaf: on cgroup v2 nspawn turns the container's group into
     * an inner node (payload and supervisor below it), which may hold no processes itself.
     */
    public ContainerCgroup child(String name) {
        return new ContainerCgroup(directories.stream().map(d -> d.resolve(name)).toList());
    }

    private static List<Path> hierarchies() {
        if (Files.exists(CGROUP_ROOT.resolve("cgroup.controllers"))) {
            return List.of(CGROUP_ROOT);
        }
        List<Path> result = new ArrayList<>();
        for (String name : new String[] {"systemd", "unified"}) {
            Path h = CGROUP_ROOT.resolve(name);
            if (Files.exists(h.resolve("cgroup.procs"))) {
                result.add(h);
            }
        }
        return result;
    }

    /** The group's directory in each hierarchy. */
    List<Path> directories() {
        return directories;
    }

    public void create() throws IOException {
        for (Path dir : directories) {
            Files.createDirectories(dir);
        }
    }

    /**
     * Prefixes {@code command} with a shell that moves itself into this cgroup and then
     * becomes the command (exec: no extra process stays behind).
     */
    public List<String> wrap(List<String> command) {
        if (directories.isEmpty()) {
            return command;
        }
        StringBuilder script = new StringBuilder(joinCommands());
        script.append("exec \"$@\"");
        List<String> args = new ArrayList<>(List.of("/bin/sh", "-c", script.toString(), "racker-cgroup"));
        args.addAll(command);
        return args;
    }

    /** Shell commands that move the shell running them into this cgroup (or exit 125). */
    public String joinCommands() {
        StringBuilder script = new StringBuilder();
        for (Path dir : directories) {
            // machine names are validated to [a-zA-Z0-9_.-]: safe inside single quotes
            script.append("echo $$ > '").append(dir.resolve("cgroup.procs")).append("' || exit 125; ");
        }
        return script.toString();
    }

    /**
     * Removes the empty cgroups of machines gone without cleaning up (a crash between the
     * container's end and its teardown). Only groups older than {@code minAge}: a new one is
     * empty for a moment before its nspawn moves in.
     */
    public static void removeStale(java.time.Duration minAge) {
        long cutoff = System.currentTimeMillis() - minAge.toMillis();
        for (Path hierarchy : hierarchies()) {
            Path racker = hierarchy.resolve("racker");
            if (!Files.isDirectory(racker)) {
                continue;
            }
            // a directory stream, not Files.list: every racker command runs this, and a JVM's
            // first stream pipeline costs milliseconds of set-up
            try (DirectoryStream<Path> groups = Files.newDirectoryStream(racker)) {
                for (Path group : groups) {
                    if (Files.isDirectory(group) && Files.getLastModifiedTime(group).toMillis() < cutoff
                            && !forMachine(group.getFileName().toString()).populated()) {
                        new ContainerCgroup(List.of(group)).tryRemove();
                    }
                }
            } catch (IOException e) {
                // nothing to clean, or not allowed to: leave it
            }
        }
    }

    /**
     * Whether a process runs in the group or below it, where the kernel says so in one read
     * (cgroup v2's {@code cgroup.events}, also in the unified tree of a hybrid host). A running
     * container's tree is deep: walking it only to fail at its first busy group cost every
     * racker command milliseconds per container on the host.
     */
    boolean populated() {
        for (Path dir : directories) {
            try {
                if (Files.readString(dir.resolve("cgroup.events")).contains("populated 1")) {
                    return true;
                }
            } catch (IOException e) {
                // no such group, or a cgroup v1 hierarchy: nothing said here
            }
        }
        return false;
    }

    /** SIGKILL to every process left in the container's cgroup (an abandoned container). */
    public void killAll() {
        for (long pid : processes()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * Removes the cgroup tree, deepest first (cgroupfs only allows rmdir of empty groups).
     * Killed processes leave their cgroup a moment after the signal, so a busy group is
     * retried for a few seconds, killing stragglers, with a poll that starts short: a
     * discarded container's group is usually free at the first or second look.
     */
    void remove() {
        long deadline = System.nanoTime() + 5_000_000_000L;
        long pauseMillis = 1;
        while (!tryRemove()) {
            if (System.nanoTime() > deadline) {
                return; // still busy: the next reap of this machine tries again
            }
            killAll();
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pauseMillis = Math.min(pauseMillis * 2, 50);
        }
    }

    private boolean tryRemove() {
        boolean removed = true;
        for (Path dir : directories) {
            try {
                removeTree(dir);
            } catch (java.nio.file.NoSuchFileException e) {
                // gone already, or never made in this hierarchy
            } catch (IOException e) {
                removed = false;
            }
        }
        return removed;
    }

    /**
     * Removes {@code dir} and the groups below it. A group's directory holds its kernel's
     * interface files besides its child groups; the {@code cgroup.*} files (and the v1
     * hierarchy's few others) are never groups, so only the remaining entries are looked at,
     * a fraction of the tree's entries: this runs at the end of every container. Should a
     * child group have such a name after all, rmdir refuses its parent and the whole
     * directory is looked at again, entry by entry.
     */
    private static void removeTree(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        removeChildren(dir, true);
        try {
            Files.delete(dir);
        } catch (java.nio.file.NoSuchFileException e) {
            // removed meanwhile
        } catch (IOException e) {
            removeChildren(dir, false);
            Files.delete(dir);
        }
    }

    private static void removeChildren(Path dir, boolean skipInterfaceFiles) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (skipInterfaceFiles && (name.startsWith("cgroup.") || V1_FILES.contains(name))) {
                    continue;
                }
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    children.add(entry);
                }
            }
        }
        for (Path child : children) {
            removeTree(child);
        }
    }
}

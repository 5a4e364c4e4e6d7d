package org.racker.cli.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a container can leave on the host: nspawn processes, the slirp4netns of a private
 * network, mounts, cgroups and nspawn's propagation directories. Tests name the machines they started, so that tests
 * running side by side do not see each other's containers.
 */
public final class HostLeaks {
    private HostLeaks() { }

    /**
     * The pid of the machine's systemd-nspawn itself, not of a process whose command line
     * merely names it (a detached container's supervising shell).
     */
    public static String nspawnPid(String marker) {
        String line = of(marker).stream().filter(l -> l.startsWith("process ") && l.contains(": /usr/bin/systemd-nspawn "))
                .findFirst().orElseThrow(() -> new AssertionError("no systemd-nspawn of " + marker));
        return line.substring("process ".length(), line.indexOf(':'));
    }

    /** Every trace on the host of machines whose name contains {@code marker}. */
    public static List<String> of(String marker) {
        List<String> leaks = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String cmdline;
                try {
                    cmdline = new String(Files.readAllBytes(proc.resolve("cmdline"))).replace('\0', ' ');
                } catch (IOException e) {
                    continue;
                }
                if (cmdline.contains("systemd-nspawn") && cmdline.contains(marker) && alive(proc)) {
                    leaks.add("process " + proc.getFileName() + ": " + cmdline.trim());
                } else if (helperOf(proc, marker) && alive(proc)) {
                    leaks.add("network helper " + proc.getFileName() + ": " + cmdline.trim());
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                if (line.contains(marker)) {
                    leaks.add("mount: " + line);
                }
            }
            Path propagate = Path.of("/run/systemd/nspawn/propagate");
            if (Files.isDirectory(propagate)) {
                try (Stream<Path> dirs = Files.list(propagate)) {
                    dirs.filter(d -> d.getFileName().toString().contains(marker))
                            .forEach(d -> leaks.add("directory: " + d));
                }
            }
            for (Path cgroups : List.of(Path.of("/sys/fs/cgroup/racker"), Path.of("/sys/fs/cgroup/systemd/racker"),
                    Path.of("/sys/fs/cgroup/unified/racker"))) {
                if (Files.isDirectory(cgroups)) {
                    try (Stream<Path> dirs = Files.list(cgroups)) {
                        dirs.filter(d -> Files.isDirectory(d) && d.getFileName().toString().contains(marker))
                                .forEach(d -> leaks.add("cgroup: " + d));
                    }
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return leaks;
    }

    /**
     * A private network's slirp4netns names no machine on its command line; racker starts it
     * with RACKER_MACHINE=NAME in its environment, which is how it is found here.
     */
    private static boolean helperOf(Path proc, String marker) {
        try {
            for (String variable : new String(Files.readAllBytes(proc.resolve("environ"))).split("\0")) {
                if (variable.startsWith("RACKER_MACHINE=") && variable.contains(marker)) {
                    return true;
                }
            }
        } catch (IOException e) {
            // gone, or a kernel thread
        }
        return false;
    }

    private static boolean alive(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
            return !state.equals("Z");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Every trace of what this build's tests started ({@link StartedByTests}): processes that
     * name one of their state roots or hold a file under one open (nspawn's console log, a
     * detached container's supervisor), mounts under them, and whatever machines named with
     * one of their markers left.
     */
    public static List<String> ofTests() {
        List<String> leaks = underStateRoots(StartedByTests.stateRoots());
        for (String marker : StartedByTests.markers()) {
            leaks.addAll(of(marker));
        }
        return leaks;
    }

    /** Processes and mounts of containers started with {@code --root stateRoot}. */
    public static List<String> underStateRoot(Path stateRoot) {
        return underStateRoots(List.of(stateRoot.toAbsolutePath().normalize().toString()));
    }

    private static List<String> underStateRoots(List<String> roots) {
        List<String> leaks = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                if (proc.getFileName().toString().equals(Long.toString(self)) || !alive(proc)) {
                    continue;
                }
                String cmdline;
                try {
                    cmdline = new String(Files.readAllBytes(proc.resolve("cmdline"))).replace('\0', ' ');
                } catch (IOException e) {
                    continue;
                }
                List<String> seen = new ArrayList<>(List.of(cmdline + " "));
                for (String fd : new String[] {"0", "1", "2"}) {
                    try {
                        seen.add(Files.readSymbolicLink(proc.resolve("fd").resolve(fd)).toString());
                    } catch (IOException e) {
                        // gone, or not ours to read
                    }
                }
                if (seen.stream().anyMatch(s -> roots.stream().anyMatch(r -> names(s, r)))) {
                    leaks.add("process " + proc.getFileName() + ": " + cmdline.trim());
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                if (roots.stream().anyMatch(r -> names(line + " ", r))) {
                    leaks.add("mount: " + line);
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return leaks;
    }

    /** Whether {@code text} names {@code root} or a path below it (not one that merely starts alike). */
    private static boolean names(String text, String root) {
        return text.contains(root + "/") || text.contains(root + " ");
    }

    /** Container records under a state root that are not marked exited. */
    /**
     * Whether {@code path} lies in the directory of a container under {@code stateRoot} whose
     * record names {@code marker}: what a test on a shared state root may count as its own.
     */
    public static boolean recordedWith(Path path, Path stateRoot, String marker) {
        Path containers = stateRoot.resolve("containers");
        if (!path.startsWith(containers) || path.equals(containers)) {
            return false;
        }
        Path record = containers.resolve(containers.relativize(path).getName(0)).resolve("state.json");
        try {
            return Files.readString(record).contains(marker);
        } catch (IOException e) {
            return false;
        }
    }

    public static List<String> liveRecords(Path stateRoot) {
        Path containers = stateRoot.resolve("containers");
        List<String> leaks = new ArrayList<>();
        if (!Files.isDirectory(containers)) {
            return leaks;
        }
        try (Stream<Path> dirs = Files.list(containers)) {
            for (Path dir : dirs.toList()) {
                Path state = dir.resolve("state.json");
                String json = Files.exists(state) ? Files.readString(state) : "(no state file)";
                if (!json.contains("\"EXITED\"")) {
                    leaks.add("container state " + dir + ": " + json);
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return leaks;
    }
}

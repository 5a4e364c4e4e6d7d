package org.racker.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What containers started under one state root can leave behind: processes that name the
 * root or write to a file under it (nspawn writes its console log there), mounts under it,
 * and container records.
 */
public final class Leaks {
    private Leaks() { }

    public static List<String> under(Path stateRoot) {
        String root = stateRoot.toAbsolutePath().normalize().toString();
        long self = ProcessHandle.current().pid();
        List<String> leaks = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                if (proc.getFileName().toString().equals(Long.toString(self)) || zombie(proc)) {
                    continue;
                }
                List<String> seen = new ArrayList<>();
                try {
                    seen.add(new String(Files.readAllBytes(proc.resolve("cmdline"))).replace('\0', ' ') + " ");
                    for (String fd : List.of("1", "2")) {
                        seen.add(Files.readSymbolicLink(proc.resolve("fd").resolve(fd)).toString());
                    }
                } catch (IOException e) {
                    // gone, or a descriptor that is not there
                }
                if (seen.stream().anyMatch(s -> s.contains(root + "/") || s.contains(root + " "))) {
                    leaks.add("process " + proc.getFileName() + ": " + seen.get(0).trim());
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                if (line.contains(root + "/")) {
                    leaks.add("mount: " + line);
                }
            }
            Path containers = stateRoot.resolve("containers");
            if (Files.isDirectory(containers)) {
                try (Stream<Path> records = Files.list(containers)) {
                    records.forEach(r -> leaks.add("record: " + r));
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return leaks;
    }

    /**
     * As {@link #under}, for a state root whose derived VM images other tests boot too (the
     * test cache's): a QEMU of another root that only reads an image under {@code vm/} is not
     * this root's; one of this root's writes its console under {@code containers/}.
     */
    public static List<String> ofVmsUnder(Path stateRoot) {
        String root = stateRoot.toAbsolutePath().normalize().toString();
        return under(stateRoot).stream().filter(l -> !l.startsWith("process ") || l.contains(root + "/containers/")
                || !l.contains(root + "/vm/")).toList();
    }

    private static boolean zombie(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (IOException e) {
            return true;
        }
    }
}

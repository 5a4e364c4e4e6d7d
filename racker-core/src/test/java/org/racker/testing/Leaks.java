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
     * What a test's VMs left under a state root other tests use at the same time (the test
     * cache's, where the derived VM images are kept): QEMU processes and records of the VMs
     * whose record holds {@code mark} (its image's name, a variable of its environment), or
     * whose record is gone while QEMU still runs. Other roots' QEMUs that only boot an image
     * kept there, and other tests' VMs, are not the caller's.
     */
    public static List<String> ofVmsUnder(Path stateRoot, String mark) {
        String containers = stateRoot.toAbsolutePath().normalize() + "/containers/";
        List<String> leaks = new ArrayList<>();
        for (String leak : under(stateRoot)) {
            int at = leak.indexOf(containers);
            if (at < 0) {
                continue;
            }
            String id = leak.substring(at + containers.length()).split("[/ ]", 2)[0];
            Path record = Path.of(containers, id, "state.json");
            try {
                if (leak.startsWith("record: ") ? Files.exists(record) && Files.readString(record).contains(mark)
                        : !Files.exists(record) || Files.readString(record).contains(mark)) {
                    leaks.add(leak);
                }
            } catch (IOException e) {
                leaks.add(leak + " (its record cannot be read: " + e.getMessage() + ")");
            }
        }
        return leaks;
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

package org.racker.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.racker.runtime.process.ContainerCgroup;
import org.racker.runtime.process.MachineLeftovers;
import org.racker.state.ContainerNames;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStore;
import org.racker.state.DamagedRecord;

/**
 * Containers of one state root that run on the host without a usable record: their state
 * directory was deleted, or their state file is damaged. No racker command would show or stop
 * them otherwise. They are found through the host: without machined, every container runs in
 * the cgroup {@code racker/MACHINE}, whose name ends in the start of its id, and its nspawn
 * (and a detached container's supervising shell) holds files of the container's state
 * directory open, the console log at least, deleted or not: that names the state root and the
 * full id. {@code ps} reports them, {@code rm -f ID} kills them. On machined hosts nspawn runs
 * in a scope of machined's, and {@code machinectl} lists what is left there.
 */
public final class UnrecordedContainers {
    private UnrecordedContainers() { }

    /** A container found running with no record; {@code machine} is its cgroup's name. */
    public record Unrecorded(String id, String machine) {
        public String report(ContainerStore store) {
            return "container " + id + " (machine " + machine + ") runs without its state in "
                    + store.containersDirectory() + ": remove it with racker rm -f " + id;
        }
    }

    /** Those of {@code store}'s root, given what the store holds now. */
    public static List<Unrecorded> of(ContainerStore store, ContainerStore.Contents contents) {
        Set<String> recordedMachines = new HashSet<>();
        for (ContainerRecord r : contents.records()) {
            recordedMachines.add(r.machineName());
        }
        Set<String> damaged = new HashSet<>();
        for (DamagedRecord d : contents.damaged()) {
            damaged.add(d.id());
        }
        String prefix = stateDirectoryPrefix(store);
        List<Unrecorded> found = new ArrayList<>();
        for (String machine : ContainerCgroup.machines()) {
            String idStart = ContainerNames.idPrefixOf(machine);
            if (idStart == null || recordedMachines.contains(machine)) {
                continue;
            }
            ownerId(ContainerCgroup.forMachine(machine), prefix).filter(id -> id.startsWith(idStart))
                    // a directory without state is a container being created right now
                    .filter(id -> damaged.contains(id) || !Files.isDirectory(store.directoryOf(id)))
                    .ifPresent(id -> found.add(new Unrecorded(id, machine)));
        }
        return found;
    }

    /** The one whose id is {@code idOrPrefix} or starts with it, if exactly one is. */
    public static Optional<Unrecorded> find(String idOrPrefix, List<Unrecorded> all) {
        List<Unrecorded> matches = all.stream().filter(u -> !idOrPrefix.isEmpty() && u.id().startsWith(idOrPrefix))
                .toList();
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    /** Kills every process of the container and removes what its machine left on the host. */
    public static void kill(Unrecorded container) {
        ContainerCgroup.forMachine(container.machine()).killAll();
        MachineLeftovers.removeFor(container.machine());
    }

    private static String stateDirectoryPrefix(ContainerStore store) {
        Path dir = store.containersDirectory().toAbsolutePath().normalize();
        try {
            dir = dir.toRealPath(); // what the kernel shows in /proc is the real path
        } catch (IOException e) {
            // no such directory (yet): compare with the path as given
        }
        return dir + "/";
    }

    /** The id of the state directory under {@code prefix} that a process in the group holds open or names. */
    private static Optional<String> ownerId(ContainerCgroup cgroup, String prefix) {
        for (long pid : cgroup.processes()) {
            Path proc = Path.of("/proc", Long.toString(pid));
            List<String> paths = new ArrayList<>();
            for (String fd : new String[] {"1", "2"}) {
                try {
                    paths.add(Files.readSymbolicLink(proc.resolve("fd").resolve(fd)).toString());
                } catch (IOException | UnsupportedOperationException e) {
                    // gone, or not a link to a file
                }
            }
            try {
                // a detached container's supervisor names its exit-status file
                paths.addAll(List.of(new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                        .split("\0")));
            } catch (IOException e) {
                // gone
            }
            for (String path : paths) {
                if (path.startsWith(prefix)) {
                    String rest = path.substring(prefix.length());
                    int slash = rest.indexOf('/');
                    String id = slash < 0 ? rest : rest.substring(0, slash);
                    if (id.matches("[0-9a-f]{64}")) {
                        return Optional.of(id);
                    }
                }
            }
        }
        return Optional.empty();
    }
}

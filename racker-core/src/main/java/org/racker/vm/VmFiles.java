package org.racker.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.fs.AtomicFiles;
import org.racker.runtime.ContainerNotRunningException;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;

/**
 * {@code racker cp} with a running VM: regular files through the guest agent's file calls
 * (the VM's disk is not the host's to open). As docker cp, a destination that is a directory
 * receives the file under its own name.
 */
public final class VmFiles {
    private static final Duration CHANNEL_WAIT = Duration.ofMinutes(5);

    private final ContainerRecord record;

    public VmFiles(ContainerRecord record) throws ContainerNotRunningException {
        if (record.status() != ContainerStatus.RUNNING || record.nspawn() == null || !record.nspawn().isAlive()) {
            throw new ContainerNotRunningException(record.name());
        }
        this.record = record;
    }

    /** The guest's file {@code inside} to {@code local}; a symlink there is replaced, never followed. */
    public void copyOut(String inside, Path local) throws RackerException, InterruptedException {
        checkDestination(inside, local);
        try (GuestAgent agent = VirtualMachine.agentOf(record.nspawn().pid(), CHANNEL_WAIT)) {
            copyOut(agent, record.name(), inside, local);
        }
    }

    private static Path checkDestination(String inside, Path local) throws InvalidArgumentException {
        Path target = Files.isDirectory(local, LinkOption.NOFOLLOW_LINKS) ? local.resolve(name(inside)) : local;
        if (!Files.isDirectory(target.toAbsolutePath().getParent())) {
            throw new InvalidArgumentException("no such directory: " + target.toAbsolutePath().getParent());
        }
        return target;
    }

    /** The copy out itself, through {@code agent} (see {@link #copyIn(GuestAgent, String, Path, String)}). */
    static void copyOut(GuestAgent agent, String vmName, String inside, Path local) throws RackerException,
            InterruptedException {
        Path target = checkDestination(inside, local);
        try {
            byte[] content = agent.readFile(inside);
            AtomicFiles.write(target, content);
        } catch (AgentException e) {
            throw new VmException("cannot copy " + inside + " out of " + vmName + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new VmException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** The host's regular file {@code local} to {@code inside} in the guest. */
    public void copyIn(Path local, String inside) throws RackerException, InterruptedException {
        try (GuestAgent agent = VirtualMachine.agentOf(record.nspawn().pid(), CHANNEL_WAIT)) {
            copyIn(agent, record.name(), local, inside);
        }
    }

    /**
     * The copy itself, through {@code agent}: a VM's own handle ({@link RunningVm}) holds the
     * agent's one channel, so it copies through the agent it has.
     */
    static void copyIn(GuestAgent agent, String vmName, Path local, String inside) throws RackerException,
            InterruptedException {
        if (!Files.isRegularFile(local, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidArgumentException("cp into a VM copies regular files only: " + local + " is not one");
        }
        byte[] content;
        try {
            content = Files.readAllBytes(local);
        } catch (IOException e) {
            throw new VmException("cannot read " + local + ": " + e.getMessage(), e);
        }
        try {
            String target = inside;
            if (agent.exec(List.of("test", "-d", inside), VirtualMachine.DEFAULT_ENVIRONMENT, new byte[0]).exitCode() == 0) {
                target = inside.replaceFirst("/*$", "") + "/" + local.getFileName();
            }
            agent.writeFile(target, content);
        } catch (AgentException e) {
            throw new VmException("cannot copy " + local + " into " + vmName + ": " + e.getMessage(), e);
        }
    }

    private static String name(String path) {
        String trimmed = path.replaceFirst("/*$", "");
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}

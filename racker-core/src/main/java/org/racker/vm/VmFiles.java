package org.racker.vm;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.fs.AtomicFiles;
import org.racker.fs.WorkDirectories;
import org.racker.layer.LayerUnpackException;
import org.racker.layer.LayerUnpacker;
import org.racker.CommandNotFoundException;
import org.racker.runtime.files.ContainerFileCopy;
import org.racker.runtime.ContainerNotRunningException;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;

/**
 * {@code racker cp} with a running VM, through its guest agent (the VM's disk is not the
 * host's to open). Regular files into the guest go through the agent's file calls alone;
 * directories, and everything out of the guest, as a tar stream made or unpacked by the
 * guest's tar, so modes, owners and symlinks are kept. On the host that stream is unpacked
 * as image layers are, held inside the destination. As docker cp, a destination that is a
 * directory receives the copy under its own name.
 */
public final class VmFiles {
    private static final Duration CHANNEL_WAIT = Duration.ofMinutes(5);
    /** Where the guest keeps a copy's archive while it moves; removed in every case. */
    private static final String GUEST_TEMP = "/tmp/.racker-cp-";

    private final ContainerRecord record;

    public VmFiles(ContainerRecord record) throws ContainerNotRunningException {
        if (record.status() != ContainerStatus.RUNNING || record.nspawn() == null || !record.nspawn().isAlive()) {
            throw new ContainerNotRunningException(record.name());
        }
        this.record = record;
    }

    /**
     * The guest's {@code inside} (a file or a directory tree) to {@code local}: into it when it
     * is a directory, else as that name (its directory must exist).
     */
    public void copyOut(String inside, Path local) throws RackerException, InterruptedException {
        String path = absolute(inside);
        String name = name(path);
        boolean into = Files.isDirectory(local, LinkOption.NOFOLLOW_LINKS);
        Path parent = into ? local : local.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            throw new InvalidArgumentException("no such directory: " + parent);
        }
        byte[] tar;
        try (GuestAgent agent = VirtualMachine.agentOf(record.nspawn().pid(), CHANNEL_WAIT)) {
            try {
                tar = packInGuest(agent, path);
            } catch (CommandNotFoundException e) {
                // a guest without tar (another OS, say) still copies a regular file, by the file calls
                copyFileOut(agent, path, into ? local.resolve(name) : local);
                return;
            }
        } catch (AgentException e) {
            throw new VmException("cannot copy " + path + " out of " + record.name() + ": " + e.getMessage(), e);
        }
        if (into) {
            unpack(tar, local);
            return;
        }
        Path staging;
        try {
            staging = Files.createTempDirectory(parent, ".racker-cp-");
        } catch (IOException e) {
            throw new VmException("cannot write in " + parent + ": " + e.getMessage(), e);
        }
        try {
            unpack(tar, staging);
            Files.move(staging.resolve(name), local, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new VmException("cannot write " + local + ": " + e.getMessage(), e);
        } finally {
            try {
                WorkDirectories.deleteTree(staging);
            } catch (IOException | RuntimeException e) {
                // what could not be removed is reported by the failure that left it, if any
            }
        }
    }

    /**
     * A regular file into the guest through {@code agent}, as {@link #copyIn} copies one: a VM's
     * own handle ({@link RunningVm}) holds the agent's one channel, so it copies through it.
     */
    static void copyIn(GuestAgent agent, String vmName, Path local, String inside) throws RackerException,
            InterruptedException {
        if (!Files.isRegularFile(local, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidArgumentException("copying into a VM through its handle takes regular files only: "
                    + local + " is not one");
        }
        String path = absolute(inside);
        try {
            boolean into = agent.exec(List.of("test", "-d", path), VirtualMachine.DEFAULT_ENVIRONMENT, new byte[0])
                    .exitCode() == 0;
            agent.writeFile(into ? path.replaceFirst("/*$", "") + "/" + local.getFileName() : path,
                    Files.readAllBytes(local));
        } catch (AgentException e) {
            throw new VmException("cannot copy " + local + " into " + vmName + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new VmException("cannot read " + local + ": " + e.getMessage(), e);
        }
    }

    /** A regular file out of the guest through {@code agent} (see {@link #copyIn(GuestAgent, String, Path, String)}). */
    static void copyOut(GuestAgent agent, String vmName, String inside, Path local) throws RackerException,
            InterruptedException {
        String path = absolute(inside);
        Path target = Files.isDirectory(local, LinkOption.NOFOLLOW_LINKS) ? local.resolve(name(path)) : local;
        if (!Files.isDirectory(target.toAbsolutePath().getParent())) {
            throw new InvalidArgumentException("no such directory: " + target.toAbsolutePath().getParent());
        }
        try {
            AtomicFiles.write(target, agent.readFile(path));
        } catch (AgentException e) {
            throw new VmException("cannot copy " + path + " out of " + vmName + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new VmException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** The guest's {@code inside} as a tar stream on {@code out} (docker's {@code cp CONTAINER:PATH -}). */
    public void writeTar(String inside, OutputStream out) throws RackerException, InterruptedException {
        String path = absolute(inside);
        try (GuestAgent agent = VirtualMachine.agentOf(record.nspawn().pid(), CHANNEL_WAIT)) {
            byte[] tar = packInGuest(agent, path);
            out.write(tar);
            out.flush();
        } catch (CommandNotFoundException e) {
            throw noTar();
        } catch (AgentException e) {
            throw new VmException("cannot copy " + path + " out of " + record.name() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new VmException("cannot write the archive: " + e.getMessage(), e);
        }
    }

    /**
     * The host's {@code local} (a file or a directory tree) to {@code inside} in the guest.
     * Returns what was not copied (device nodes, sockets, fifos).
     */
    public List<String> copyIn(Path local, String inside) throws RackerException, InterruptedException {
        if (!Files.exists(local, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidArgumentException("no such file or directory: " + local);
        }
        String path = absolute(inside);
        try (GuestAgent agent = VirtualMachine.agentOf(record.nspawn().pid(), CHANNEL_WAIT)) {
            boolean into = agent.exec(List.of("test", "-d", path), VirtualMachine.DEFAULT_ENVIRONMENT, new byte[0])
                    .exitCode() == 0;
            if (Files.isRegularFile(local, LinkOption.NOFOLLOW_LINKS)) {
                agent.writeFile(into ? path.replaceFirst("/*$", "") + "/" + local.getFileName() : path,
                        Files.readAllBytes(local));
                return List.of();
            }
            if (local.getParent() == null) {
                throw new InvalidArgumentException("cp of the host's / into a VM: name a directory below it");
            }
            ContainerFileCopy walk = new ContainerFileCopy(local.getParent());
            ByteArrayOutputStream tar = new ByteArrayOutputStream();
            walk.writeTar("/" + local.getFileName(), false, tar, into ? null : name(path));
            unpackInGuest(agent, tar.toByteArray(), into ? path : parent(path));
            return walk.skipped();
        } catch (AgentException e) {
            throw new VmException("cannot copy " + local + " into " + record.name() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new VmException("cannot read " + local + ": " + e.getMessage(), e);
        }
    }

    /** A tar stream into the guest's existing directory {@code insideDir} (docker's {@code cp - CONTAINER:DIR}). */
    public void readTar(InputStream in, String insideDir) throws RackerException, InterruptedException {
        byte[] tar;
        try {
            tar = in.readAllBytes();
        } catch (IOException e) {
            throw new VmException("cannot read the archive: " + e.getMessage(), e);
        }
        String path = absolute(insideDir);
        try (GuestAgent agent = VirtualMachine.agentOf(record.nspawn().pid(), CHANNEL_WAIT)) {
            unpackInGuest(agent, tar, path);
        } catch (AgentException e) {
            throw new VmException("cannot copy the archive into " + record.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The guest's {@code path} as a tar archive: on tar's stdout, kept by the agent up to its
     * limit; a larger archive is made in a file in the guest and read back in pieces.
     */
    private byte[] packInGuest(GuestAgent agent, String path) throws RackerException, InterruptedException {
        List<String> tar = List.of("tar", "-C", parent(path), "-cf", "-", name(path));
        GuestExecResult r = agent.exec(tar, VirtualMachine.DEFAULT_ENVIRONMENT, new byte[0]);
        if (!r.truncated()) {
            check(r, path);
            return r.stdout();
        }
        String temp = guestTemp();
        try {
            check(agent.exec(List.of("tar", "-C", parent(path), "-cf", temp, name(path)),
                    VirtualMachine.DEFAULT_ENVIRONMENT, new byte[0]), path);
            return agent.readFile(temp);
        } finally {
            removeInGuest(agent, temp);
        }
    }

    /** Writes {@code tar} to a file in the guest, unpacks it into {@code dir} there and removes it. */
    private void unpackInGuest(GuestAgent agent, byte[] tar, String dir) throws RackerException, InterruptedException {
        String temp = guestTemp();
        try {
            agent.writeFile(temp, tar);
            GuestExecResult r = agent.exec(List.of("tar", "-C", dir, "-xf", temp), VirtualMachine.DEFAULT_ENVIRONMENT,
                    new byte[0]);
            if (r.exitCode() != 0) {
                throw new VmException("cannot copy into " + dir + " in " + record.name() + ": " + firstLine(r));
            }
        } catch (CommandNotFoundException e) {
            throw noTar();
        } finally {
            removeInGuest(agent, temp);
        }
    }

    private void removeInGuest(GuestAgent agent, String temp) throws InterruptedException {
        try {
            agent.exec(List.of("rm", "-f", temp), VirtualMachine.DEFAULT_ENVIRONMENT, new byte[0]);
        } catch (RackerException e) {
            // the copy's own failure, if any, says more; a guest without rm has no tar either
        }
    }

    private void copyFileOut(GuestAgent agent, String path, Path target) throws RackerException, InterruptedException {
        byte[] content;
        try {
            content = agent.readFile(path);
        } catch (AgentException e) {
            throw new VmException("cannot copy " + path + " out of " + record.name() + ": " + e.getMessage()
                    + " (the guest has no tar, so only regular files can be copied)", e);
        }
        try {
            AtomicFiles.write(target, content);
        } catch (IOException e) {
            throw new VmException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private void check(GuestExecResult r, String path) throws RackerException {
        if (r.exitCode() == 0) {
            return;
        }
        String why = firstLine(r);
        if (why.contains("No such file or directory")) {
            throw new RackerException("No such file or directory in " + record.name() + ": " + path);
        }
        throw new VmException("cannot copy " + path + " out of " + record.name() + ": " + why);
    }

    private static void unpack(byte[] tar, Path dir) throws RackerException {
        try {
            new LayerUnpacker().apply("from the VM", new ByteArrayInputStream(tar), dir);
        } catch (LayerUnpackException e) {
            throw new VmException("copying out of the VM into " + dir + " failed: " + e.getMessage(), e);
        }
    }

    private VmException noTar() {
        return new VmException("the guest of " + record.name() + " has no tar: directories and tar streams (-) need"
                + " it there; copy regular files by their paths, or install tar in the image");
    }

    private static String firstLine(GuestExecResult r) {
        String err = new String(r.stderr(), StandardCharsets.UTF_8).strip();
        return err.isEmpty() ? "tar exited with " + r.exitCode() : err.lines().findFirst().orElse("");
    }

    private static String guestTemp() {
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        return GUEST_TEMP + HexFormat.of().formatHex(random) + ".tar";
    }

    private static String absolute(String path) throws InvalidArgumentException {
        String p = Path.of("/").resolve(path).normalize().toString();
        if (p.equals("/")) {
            throw new InvalidArgumentException("cp of a VM's whole root (/) is not supported: name a directory below it");
        }
        return p;
    }

    private static String parent(String path) {
        return Path.of(path).getParent().toString();
    }

    private static String name(String path) {
        String trimmed = path.replaceFirst("/*$", "");
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}

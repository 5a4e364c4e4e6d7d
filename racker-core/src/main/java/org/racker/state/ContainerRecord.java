package org.racker.state;

import java.time.Instant;
import java.util.List;
import org.racker.host.ProcessIdentity;

/**
 * What racker knows of one container, as kept in its state file.
 *
 * @param owner the racker process that supervises the container; when it is gone while the
 *     record still says created or running, the container was abandoned (racker was killed)
 * @param nspawn the systemd-nspawn process, once started; for a VM (mode {@code vm}), QEMU
 * @param leader the container's init (PID 1 inside), as nspawn reported it; null until known
 * @param detached started with {@code run -d}: the container outlives its racker process, and
 *     its owner is then nspawn itself
 * @param network the network mode's label (host, none, private); null in records written
 *     before containers had network modes, which all shared the host's
 * @param networkHelper the slirp4netns process of a private network, once started: whoever
 *     finishes the container makes sure it is gone
 * @param ports published ports as {@code IP:HOSTPORT:CONTAINERPORT/PROTO}, host ports settled
 * @param extraHosts {@code --add-host} entries as {@code NAME:IP}
 * @param started when the container last came up (a start boots it again); null before that
 * @param tty the command was given a terminal ({@code -t}), docker's Config.Tty
 * @param labels {@code --label} entries as {@code KEY=VALUE}, docker's Config.Labels
 */
public record ContainerRecord(
        String id,
        String name,
        String image,
        String rootfs,
        List<String> command,
        String mode,
        String hostname,
        Instant created,
        ContainerStatus status,
        ProcessIdentity owner,
        ProcessIdentity nspawn,
        ProcessIdentity leader,
        Integer exitCode,
        Instant finished,
        boolean removeOnExit,
        boolean detached,
        List<String> environment,
        String workingDirectory,
        List<String> volumes,
        String network,
        ProcessIdentity networkHelper,
        List<String> ports,
        List<String> extraHosts,
        Instant started,
        boolean tty,
        List<String> labels) {

    /** A record of a container that has not come up yet, its command without a terminal. */
    public ContainerRecord(String id, String name, String image, String rootfs, List<String> command, String mode,
            String hostname, Instant created, ContainerStatus status, ProcessIdentity owner, ProcessIdentity nspawn,
            ProcessIdentity leader, Integer exitCode, Instant finished, boolean removeOnExit, boolean detached,
            List<String> environment, String workingDirectory, List<String> volumes, String network,
            ProcessIdentity networkHelper, List<String> ports, List<String> extraHosts) {
        this(id, name, image, rootfs, command, mode, hostname, created, status, owner, nspawn, leader, exitCode,
                finished, removeOnExit, detached, environment, workingDirectory, volumes, network, networkHelper,
                ports, extraHosts, null, false, List.of());
    }

    /** A record without published ports or added hosts. */
    public ContainerRecord(String id, String name, String image, String rootfs, List<String> command, String mode,
            String hostname, Instant created, ContainerStatus status, ProcessIdentity owner, ProcessIdentity nspawn,
            ProcessIdentity leader, Integer exitCode, Instant finished, boolean removeOnExit, boolean detached,
            List<String> environment, String workingDirectory, List<String> volumes, String network,
            ProcessIdentity networkHelper) {
        this(id, name, image, rootfs, command, mode, hostname, created, status, owner, nspawn, leader, exitCode,
                finished, removeOnExit, detached, environment, workingDirectory, volumes, network, networkHelper,
                List.of(), List.of());
    }

    public ContainerRecord {
        command = List.copyOf(command);
        environment = environment == null ? List.of() : List.copyOf(environment);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        network = network == null ? "host" : network;
        ports = ports == null ? List.of() : List.copyOf(ports);
        extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /** The name the host knows the container by: see {@link ContainerNames#machineName}. */
    public String machineName() {
        return ContainerNames.machineName(name, id);
    }

    public String shortId() {
        return id.substring(0, 12);
    }

    public ContainerRecord starting(ProcessIdentity nspawnProcess) {
        return new ContainerRecord(id, name, image, rootfs, command, mode, hostname, created,
                ContainerStatus.CREATED, owner, nspawnProcess, null, null, null, removeOnExit, detached, environment,
                workingDirectory, volumes, network, networkHelper, ports, extraHosts, started, tty, labels);
    }

    public ContainerRecord running(ProcessIdentity nspawnProcess, ProcessIdentity leaderProcess) {
        return new ContainerRecord(id, name, image, rootfs, command, mode, hostname, created,
                ContainerStatus.RUNNING, owner, nspawnProcess, leaderProcess, null, null, removeOnExit, detached,
                environment, workingDirectory, volumes, network, networkHelper, ports, extraHosts, Instant.now(), tty, labels);
    }

    /** With the private network's slirp4netns process. */
    public ContainerRecord withNetworkHelper(ProcessIdentity helper) {
        return new ContainerRecord(id, name, image, rootfs, command, mode, hostname, created, status, owner,
                nspawn, leader, exitCode, finished, removeOnExit, detached, environment, workingDirectory, volumes,
                network, helper, ports, extraHosts, started, tty, labels);
    }

    public ContainerRecord exited(int code, Instant at) {
        return new ContainerRecord(id, name, image, rootfs, command, mode, hostname, created,
                ContainerStatus.EXITED, owner, nspawn, leader, code, at, removeOnExit, detached, environment,
                workingDirectory, volumes, network, networkHelper, ports, extraHosts, started, tty, labels);
    }

    /** Taken over by {@code process} (a racker stopping it), so no other racker reaps it meanwhile. */
    public ContainerRecord ownedBy(ProcessIdentity process) {
        return new ContainerRecord(id, name, image, rootfs, command, mode, hostname, created, status, process,
                nspawn, leader, exitCode, finished, removeOnExit, detached, environment, workingDirectory, volumes,
                network, networkHelper, ports, extraHosts, started, tty, labels);
    }

    /** Handed over to nspawn: from now on the container lives as long as nspawn does. */
    public ContainerRecord detach() {
        return new ContainerRecord(id, name, image, rootfs, command, mode, hostname, created, status, nspawn,
                nspawn, leader, exitCode, finished, removeOnExit, true, environment, workingDirectory, volumes,
                network, networkHelper, ports, extraHosts, started, tty, labels);
    }

    /** Whether the record says the container is up but nobody supervises it any more. */
    public boolean isAbandoned() {
        if (status == ContainerStatus.EXITED) {
            return false;
        }
        return owner == null ? !awaitsStart() : !owner.isAlive();
    }

    /** Made by {@code create} and never started: no process stands for it, none ever did. */
    public boolean awaitsStart() {
        return status == ContainerStatus.CREATED && owner == null && nspawn == null;
    }

    /** This record as {@code create} keeps it: created, with no owner until a start. */
    public ContainerRecord notStarted() {
        return new ContainerRecord(id, name, image, rootfs, command, mode, hostname, created,
                ContainerStatus.CREATED, null, null, null, null, null, removeOnExit, true, environment,
                workingDirectory, volumes, network, null, ports, extraHosts, started, tty, labels);
    }
}

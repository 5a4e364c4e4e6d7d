package org.racker.api;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.racker.InvalidArgumentException;
import org.racker.runtime.exec.CommandLines;
import org.racker.runtime.network.PortMapping;
import org.racker.state.ContainerRecord;
import org.racker.state.ContainerStatus;
import org.racker.vm.VmExec;

/**
 * What racker knows of one container at the moment it was read: what {@code ps} lists and
 * {@code inspect} shows. A snapshot; {@link Containers#find} reads it again.
 */
public final class ContainerInfo {
    private final ContainerRecord record;
    private final List<PublishedPort> ports;

    private ContainerInfo(ContainerRecord record, List<PublishedPort> ports) {
        this.record = record;
        this.ports = ports;
    }

    static ContainerInfo of(ContainerRecord record) {
        List<PublishedPort> ports = new ArrayList<>();
        try {
            for (String p : record.ports()) {
                ports.add(PublishedPort.of(PortMapping.parse(p)));
            }
        } catch (InvalidArgumentException e) {
            ports.clear(); // written by a newer racker in a form this one does not know: see recordedPorts
        }
        // docker sorts them by container port
        ports.sort(Comparator.comparingInt(PublishedPort::containerPort).thenComparing(PublishedPort::protocol));
        return new ContainerInfo(record, List.copyOf(ports));
    }

    ContainerRecord record() {
        return record;
    }

    /** The full id, 64 hex digits. */
    public String id() {
        return record.id();
    }

    /** The first 12 digits of the id, as docker shows it. */
    public String shortId() {
        return record.shortId();
    }

    public String name() {
        return record.name();
    }

    /** The image as it was given to run or create: a reference, a curated name or a directory. */
    public String image() {
        return record.image();
    }

    /** The root directory the container boots from (never written to). */
    public Path rootfs() {
        return Path.of(record.rootfs());
    }

    /** The command it was given, as exec(2) gets it; empty for a booted container that runs its init. */
    public List<String> command() {
        return record.command();
    }

    /** The command as a shell would read it, each argument quoted where it needs to be. */
    public String commandLine() {
        return CommandLines.render(record.command());
    }

    /** {@code boot} (systemd as PID 1), {@code app} (the command as PID 1) or {@code vm}. */
    public String mode() {
        return record.mode();
    }

    /** Whether it is a VM, whose files and commands go through its guest agent. */
    public boolean isVm() {
        return VmExec.isVm(record);
    }

    public String hostname() {
        return record.hostname();
    }

    /** The name the host knows it by (nspawn, its cgroup, machinectl). */
    public String machineName() {
        return record.machineName();
    }

    public Instant created() {
        return record.created();
    }

    /** When it last came up (a start boots it again); empty before that. */
    public Optional<Instant> started() {
        return Optional.ofNullable(record.started());
    }

    /** When it ended; empty while it has not. */
    public Optional<Instant> finished() {
        return Optional.ofNullable(record.finished());
    }

    public ContainerState state() {
        return switch (record.status()) {
            case CREATED -> ContainerState.CREATED;
            case RUNNING -> ContainerState.RUNNING;
            case EXITED -> ContainerState.EXITED;
        };
    }

    /** Made by {@code create} and never started: listed with the exited ones, not the running. */
    public boolean awaitsStart() {
        return record.awaitsStart();
    }

    /** Its command's exit status once it exited; empty before. */
    public Optional<Integer> exitCode() {
        return Optional.ofNullable(record.exitCode());
    }

    /** The host's pid of its init (PID 1 inside); 0 when not known. */
    public long pid() {
        return record.leader() == null ? 0 : record.leader().pid();
    }

    /** Its environment as {@code NAME=VALUE}. */
    public List<String> environment() {
        return record.environment();
    }

    /** Where its command starts; empty for the image's default ({@code /}). */
    public Optional<String> workingDirectory() {
        return Optional.ofNullable(record.workingDirectory()).filter(w -> !w.isEmpty());
    }

    /** Whether its command was given a terminal ({@code -t}). */
    public boolean tty() {
        return record.tty();
    }

    /** Its labels as {@code KEY=VALUE}, in the order given. */
    public List<String> labels() {
        return record.labels();
    }

    /** Its bind mounts as docker's {@code HOST:CONTAINER[:ro]}. */
    public List<String> volumes() {
        return record.volumes();
    }

    /** Its network mode: {@code host}, {@code none} or {@code private}. */
    public String network() {
        return record.network();
    }

    /** Its {@code --add-host} entries as {@code NAME:IP}. */
    public List<String> extraHosts() {
        return record.extraHosts();
    }

    /**
     * Its published ports as settled at start, by container port; empty also when its record
     * keeps them in a form this racker does not know (see {@link #recordedPorts()}).
     */
    public List<PublishedPort> ports() {
        return ports;
    }

    /** The published ports while it runs; as docker: a container that is not running has none bound. */
    public List<PublishedPort> boundPorts() {
        return state() == ContainerState.RUNNING ? ports : List.of();
    }

    /** Its published ports as its record keeps them ({@code IP:HOSTPORT:CONTAINERPORT/PROTO}). */
    public List<String> recordedPorts() {
        return record.ports();
    }

    /** Whether it runs now: its record says so and its init is alive. */
    public boolean isRunning() {
        return record.status() == ContainerStatus.RUNNING && record.leader() != null && record.leader().isAlive();
    }

    @Override
    public String toString() {
        return name() + " (" + shortId() + ", " + state().label() + ")";
    }
}

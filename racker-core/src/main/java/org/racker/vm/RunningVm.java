package org.racker.vm;

import java.nio.file.Path;
import java.util.List;
import org.racker.RackerException;
import org.racker.state.ContainerRecord;

/**
 * A VM this process booted that stays up for any number of commands until it is closed (a
 * probe's machine): commands and files through its guest agent, one caller at a time. Closing
 * ends it and removes its record; if a signal ends the JVM first, the runner's exit hook does.
 */
public final class RunningVm implements AutoCloseable {
    private final ContainerRecord record;
    private final VirtualMachine vm;
    private final List<String> environment;
    private final Runnable end;

    /** @param environment every command's: the guest's defaults with the spec's variables over them */
    RunningVm(ContainerRecord record, VirtualMachine vm, List<String> environment, Runnable end) {
        this.record = record;
        this.vm = vm;
        this.environment = List.copyOf(environment);
        this.end = end;
    }

    public String id() {
        return record.id();
    }

    /** The VM's name, as {@code racker ps} shows it. */
    public String name() {
        return record.name();
    }

    /** The VM's record as it was when it booted: its name, its published ports. */
    public ContainerRecord record() {
        return record;
    }

    public boolean isRunning() {
        return vm.process().isAlive();
    }

    /** Runs {@code command} as root to its end, in the VM's environment, with no input. */
    public GuestExecResult exec(List<String> command) throws RackerException, InterruptedException {
        return exec(command, List.of(), new byte[0]);
    }

    /**
     * Runs {@code command} as root to its end with {@code stdin} (may be empty) on its input,
     * in the VM's environment with {@code env} ({@code NAME=VALUE}) over it.
     */
    public synchronized GuestExecResult exec(List<String> command, List<String> env, byte[] stdin)
            throws RackerException, InterruptedException {
        List<String> environment = new java.util.ArrayList<>(this.environment);
        for (String assignment : env) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("not NAME=VALUE: " + assignment);
            }
            String name = assignment.substring(0, eq + 1);
            environment.removeIf(a -> a.startsWith(name));
            environment.add(assignment);
        }
        return vm.exec(command, environment, stdin);
    }

    /** The host's regular file {@code local} to {@code inside}, as {@code racker cp} copies one into a VM. */
    public synchronized void copyIn(Path local, String inside) throws RackerException, InterruptedException {
        VmFiles.copyIn(vm.agent(), name(), local, inside);
    }

    /** The guest's regular file {@code inside} to {@code local}, as {@code racker cp} copies one out of a VM. */
    public synchronized void copyOut(String inside, Path local) throws RackerException, InterruptedException {
        VmFiles.copyOut(vm.agent(), name(), inside, local);
    }

    /** Ends the VM at once (its disk's writes are thrown away) and forgets its record; safe to call again. */
    @Override
    public void close() {
        end.run();
    }
}

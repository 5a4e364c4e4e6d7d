package org.racker.vm;

import java.nio.file.Path;
import java.util.List;
import org.racker.RackerException;

/**
 * A VM this process booted that stays up for any number of commands until it is closed (a
 * probe's machine): commands and files through its guest agent, one caller at a time. Closing
 * ends it and removes its record; if a signal ends the JVM first, the runner's exit hook does.
 */
public final class RunningVm implements AutoCloseable {
    private final String id;
    private final String name;
    private final VirtualMachine vm;
    private final Runnable end;

    RunningVm(String id, String name, VirtualMachine vm, Runnable end) {
        this.id = id;
        this.name = name;
        this.vm = vm;
        this.end = end;
    }

    public String id() {
        return id;
    }

    /** The VM's name, as {@code racker ps} shows it. */
    public String name() {
        return name;
    }

    public boolean isRunning() {
        return vm.process().isAlive();
    }

    /** Runs {@code command} as root to its end, in the guest's default environment, with no input. */
    public synchronized GuestExecResult exec(List<String> command) throws RackerException, InterruptedException {
        return vm.exec(command, VirtualMachine.DEFAULT_ENVIRONMENT, new byte[0]);
    }

    /** The host's regular file {@code local} to {@code inside}, as {@code racker cp} copies one into a VM. */
    public synchronized void copyIn(Path local, String inside) throws RackerException, InterruptedException {
        VmFiles.copyIn(vm.agent(), name, local, inside);
    }

    /** Ends the VM at once (its disk's writes are thrown away) and forgets its record; safe to call again. */
    @Override
    public void close() {
        end.run();
    }
}

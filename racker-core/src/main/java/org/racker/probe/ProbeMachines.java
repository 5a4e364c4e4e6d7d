package org.racker.probe;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.racker.EventLog;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.fs.StateRoot;
import org.racker.runtime.AbandonedContainerReaper;
import org.racker.runtime.ContainerRunner;
import org.racker.state.ContainerStore;
import org.racker.vm.VmOptions;
import org.racker.vm.VmRunner;

/**
 * Where probes run: ephemeral nspawn containers, or QEMU VMs of the same images (a kernel of
 * their own: what a container cannot test), as {@code racker run --vm} boots them. Made from
 * the probe's options and checked before anything is pulled or booted; immutable.
 */
public final class ProbeMachines {
    private static final ProbeMachines CONTAINERS = new ProbeMachines(null);

    /** Null for containers. */
    private final VmOptions vm;

    private ProbeMachines(VmOptions vm) {
        this.vm = vm;
    }

    /** Probes in containers. */
    public static ProbeMachines containers() {
        return CONTAINERS;
    }

    /**
     * The machines the options ask for: VMs with {@code vm}, sized by {@code memory} (e.g. 1g)
     * and {@code cpus} when given (null when not), which mean nothing to a container;
     * {@code network} is the probe's {@code --network} as given (null when not), which a VM
     * does not take.
     */
    public static ProbeMachines of(boolean vm, String memory, Integer cpus, String network)
            throws InvalidArgumentException {
        if (!vm) {
            if (memory != null || cpus != null) {
                throw new InvalidArgumentException("--memory and --cpus size a VM: add --vm");
            }
            return CONTAINERS;
        }
        if (network != null) {
            throw new InvalidArgumentException("--vm probes use the VM's own network (QEMU's user mode): leave out"
                    + " --network");
        }
        if (cpus != null && cpus < 1) {
            throw new InvalidArgumentException("--cpus must be at least 1");
        }
        return new ProbeMachines(new VmOptions(memory != null ? VmOptions.parseMemory(memory)
                : VmOptions.DEFAULT.memoryMiB(), cpus != null ? cpus : VmOptions.DEFAULT.cpus()));
    }

    /** Whether the probes boot VMs. */
    public boolean vm() {
        return vm != null;
    }

    /** The VMs' size, null for containers. */
    VmOptions vmOptions() {
        return vm;
    }

    /**
     * The probes' network: a container's as {@code requested} (its {@code --network}, null when
     * not given) says, checked against this host; a VM's own, whatever the host has.
     */
    public ProbeNetwork network(String requested, Consumer<String> notices) throws RackerException {
        return vm != null ? ProbeNetwork.VM : ProbeNetwork.of(requested, notices);
    }

    /**
     * The backend that boots these machines, with the state under {@code root}. VMs of several
     * images at once (a parallel selftest or matrix) say once how they run, not each.
     */
    public ProbeBackend backend(Path root, EventLog log, Consumer<String> notices) {
        if (vm == null) {
            return new ContainerBackend(new ContainerRunner(root, log));
        }
        ContainerStore store = new ContainerStore(root);
        new AbandonedContainerReaper(store, log).reap();
        AtomicBoolean said = new AtomicBoolean();
        VmRunner runner = new VmRunner(store, StateRoot.privateDirectory(root, "vm"), log, line -> {
            if (!said.getAndSet(true)) {
                notices.accept(line);
            }
        });
        return new VmBackend(runner, vm);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProbeMachines other && java.util.Objects.equals(other.vm, vm);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hashCode(vm);
    }

    @Override
    public String toString() {
        return vm == null ? "containers" : "VMs of " + vm.memoryMiB() + " MiB, " + vm.cpus() + " CPUs";
    }
}

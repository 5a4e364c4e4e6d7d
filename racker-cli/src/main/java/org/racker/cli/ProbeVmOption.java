package org.racker.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.racker.EventLog;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.fs.StateRoot;
import org.racker.host.HostProbe;
import org.racker.probe.ContainerBackend;
import org.racker.probe.ProbeBackend;
import org.racker.probe.VmBackend;
import org.racker.runtime.ContainerRunner;
import org.racker.runtime.network.NetworkMode;
import org.racker.vm.VmOptions;
import org.racker.vm.VmRunner;

/**
 * Where postroj's probes run: ephemeral nspawn containers, or with {@code --vm} QEMU VMs of
 * the same images (their kernel their own: what a container cannot test), as {@code racker
 * run --vm} boots them.
 */
public final class ProbeVmOption {
    boolean vm;

    String memory;

    Integer cpus;

    CommandModel declareOn(CommandModel command) {
        return command
                .add(CommandModel.flag(v -> vm = v, "--vm").description("Probe in a QEMU virtual machine of the image"
                        + " (a kernel of its own) instead of a container; the VM's network is its own (QEMU's user"
                        + " mode)."))
                .add(CommandModel.option(String.class, v -> memory = v, "--memory").paramLabel("SIZE")
                        .description("With --vm: each VM's memory, e.g. 1g (default: 512m)."))
                .add(CommandModel.option(Integer.class, v -> cpus = v, "--cpus").paramLabel("N")
                        .description("With --vm: each VM's virtual CPUs (default: 1)."));
    }

    /**
     * Checks the options before anything is pulled or booted; {@code network} is the probe's
     * {@code --network} as given (null when not), which a VM does not take.
     */
    VmOptions options(String network) throws InvalidArgumentException {
        if (!vm) {
            if (memory != null || cpus != null) {
                throw new InvalidArgumentException("--memory and --cpus size a VM: add --vm");
            }
            return null;
        }
        if (network != null) {
            throw new InvalidArgumentException("--vm probes use the VM's own network (QEMU's user mode): leave out"
                    + " --network");
        }
        if (cpus != null && cpus < 1) {
            throw new InvalidArgumentException("--cpus must be at least 1");
        }
        return new VmOptions(memory != null ? VmOptions.parseMemory(memory) : VmOptions.DEFAULT.memoryMiB(),
                cpus != null ? cpus : VmOptions.DEFAULT.cpus());
    }

    /** The probes' network: a container's as {@code --network} says; a VM's own (reported as such). */
    NetworkMode network(ProbeNetworkOption option, PrintWriter err) throws RackerException {
        return vm ? NetworkMode.PRIVATE : option.resolve(new HostProbe().probe(), err);
    }

    /** The backend that boots the probes' machines, checked by {@link #options} first. */
    ProbeBackend backend(Path root, EventLog log, PrintWriter err) throws InvalidArgumentException {
        if (!vm) {
            return new ContainerBackend(new ContainerRunner(root, log));
        }
        // VMs of several images at once (selftest --parallel) say how they run once, not each
        java.util.concurrent.atomic.AtomicBoolean said = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.function.Consumer<String> notice = Notices.to(err);
        VmRunner runner = new VmRunner(ContainerArgs.store(root, log), StateRoot.privateDirectory(root, "vm"), log,
                line -> {
                    if (!said.getAndSet(true)) {
                        notice.accept(line);
                    }
                });
        return new VmBackend(runner, options(null));
    }
}

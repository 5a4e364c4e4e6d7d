package org.racker.cli;

import java.io.PrintWriter;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.probe.ProbeMachines;
import org.racker.probe.ProbeNetwork;

/**
 * Where postroj's probes run: ephemeral nspawn containers, or with {@code --vm} QEMU VMs of
 * the same images, sized by {@code --memory} and {@code --cpus}.
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
     * The machines the options ask for, checked before anything is pulled or booted;
     * {@code network} is the probe's {@code --network} as given (null when not), which a VM
     * does not take.
     */
    ProbeMachines machines(String network) throws InvalidArgumentException {
        return ProbeMachines.of(vm, memory, cpus, network);
    }

    /** The probes' network in {@code machines}; a fallback to the host's is said on {@code err}. */
    static ProbeNetwork network(ProbeMachines machines, ProbeNetworkOption option, PrintWriter err)
            throws RackerException {
        return machines.network(option.requested, line -> {
            err.println("postroj: " + line);
            err.flush();
        });
    }
}

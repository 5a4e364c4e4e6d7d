package org.racker.probe;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.racker.RackerException;
import org.racker.CommandNotExecutableException;
import org.racker.CommandNotFoundException;
import org.racker.runtime.ContainerSpec;
import org.racker.vm.GuestExecResult;
import org.racker.vm.RunningVm;
import org.racker.vm.VmException;
import org.racker.vm.VmOptions;
import org.racker.vm.VmRunner;

/**
 * Probe machines as QEMU VMs ({@code --vm}): the image's derived VM image booted on a
 * throw-away overlay, the package files copied in through the guest agent (a VM has no host
 * directory bound in), commands through the agent. The VM's network is QEMU's user-mode one:
 * its own, like a container's private network, and out to the mirror.
 */
public final class VmBackend implements ProbeBackend {
    /** A VM boots under software emulation where there is no KVM: generous, as {@code run --vm}'s default. */
    static final Duration BOOT_TIMEOUT = Duration.ofMinutes(10);

    private final VmRunner runner;
    private final VmOptions options;

    public VmBackend(VmRunner runner, VmOptions options) {
        this.runner = runner;
        this.options = options;
    }

    @Override
    public ProbeMachine start(Request request) throws RackerException, InterruptedException {
        ContainerSpec spec = ContainerSpec.builder(request.rootfs()).image(request.image()).removeOnExit(true)
                .command(request.purpose()).maskedUnits(request.maskedUnits()).bootTimeout(BOOT_TIMEOUT).build();
        RunningVm vm = runner.start(spec, options);
        try {
            if (request.packageDir() != null && !request.packageFiles().isEmpty()) {
                GuestExecResult dir = vm.exec(List.of("mkdir", "-p", PackageProbe.PACKAGE_DIR));
                if (dir.exitCode() != 0) {
                    throw new VmException("cannot make " + PackageProbe.PACKAGE_DIR + " in " + vm.name() + ": "
                            + new String(dir.stderr(), StandardCharsets.UTF_8).strip());
                }
                for (String file : request.packageFiles()) {
                    vm.copyIn(request.packageDir().resolve(file), PackageProbe.PACKAGE_DIR + "/" + file);
                }
            }
            return new Machine(vm);
        } catch (RackerException | InterruptedException | RuntimeException e) {
            vm.close();
            throw e;
        }
    }

    private static final class Machine implements ProbeMachine {
        private final RunningVm vm;

        Machine(RunningVm vm) {
            this.vm = vm;
        }

        @Override
        public String name() {
            return vm.name();
        }

        @Override
        public String networkLabel() {
            return "vm";
        }

        @Override
        public boolean isRunning() {
            return vm.isRunning();
        }

        @Override
        public long leaderPid() {
            return 0;
        }

        /** As in a container: a command that cannot start exits 127 (not found) or 126 (not executable). */
        @Override
        public Output run(List<String> command, boolean throughServiceManager)
                throws RackerException, InterruptedException {
            try {
                GuestExecResult r = vm.exec(command);
                return new Output(r.exitCode(), new String(r.stdout(), StandardCharsets.UTF_8),
                        new String(r.stderr(), StandardCharsets.UTF_8));
            } catch (CommandNotFoundException e) {
                return new Output(127, "", e.getMessage());
            } catch (CommandNotExecutableException e) {
                return new Output(126, "", e.getMessage());
            }
        }

        @Override
        public void close() {
            vm.close();
        }
    }
}

package org.racker.probe;

import java.io.IOException;
import java.util.List;
import org.racker.RackerException;
import org.racker.host.ProcessIdentity;
import org.racker.runtime.ContainerRunner;
import org.racker.runtime.ContainerSpec;
import org.racker.runtime.RunningContainer;
import org.racker.runtime.files.VolumeMount;

/**
 * Probe machines as ephemeral nspawn containers: the image booted on a throw-away overlay,
 * the package directory bound in read-only, commands through the runtime's exec path.
 */
public final class ContainerBackend implements ProbeBackend {
    private final ContainerRunner runner;

    public ContainerBackend(ContainerRunner runner) {
        this.runner = runner;
    }

    @Override
    public ProbeMachine start(Request request) throws RackerException {
        ContainerSpec.Builder spec = ContainerSpec.builder(request.rootfs()).image(request.image()).removeOnExit(true)
                .command(request.purpose()).network(request.network()).maskedUnits(request.maskedUnits())
                .maskedGenerators(request.maskedGenerators());
        if (request.packageDir() != null && !request.packageFiles().isEmpty()) {
            spec.volume(new VolumeMount(request.packageDir(), PackageProbe.PACKAGE_DIR, true));
        }
        return new Machine(runner.start(spec.build()), request.network().label());
    }

    private static final class Machine implements ProbeMachine {
        private final RunningContainer container;
        private final String network;

        Machine(RunningContainer container, String network) {
            this.container = container;
            this.network = network;
        }

        @Override
        public String name() {
            return container.name();
        }

        @Override
        public String networkLabel() {
            return network;
        }

        @Override
        public boolean isRunning() {
            return ProcessIdentity.of(container.leaderPid()).isPresent();
        }

        @Override
        public long leaderPid() {
            return container.leaderPid();
        }

        @Override
        public Output run(List<String> command, boolean throughServiceManager)
                throws RackerException, IOException, InterruptedException {
            RunningContainer.ExecResult r = container.execCaptured(command, throughServiceManager);
            return new Output(r.exitCode(), r.stdout(), r.stderr());
        }

        @Override
        public void close() {
            container.close();
        }
    }
}

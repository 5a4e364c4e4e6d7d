package org.racker.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.racker.InvalidArgumentException;
import org.racker.api.ContainerConfig;
import org.racker.api.Image;
import org.racker.api.PullPolicy;
import org.racker.api.Racker;
import org.racker.api.Volume;
import org.racker.autopkgtest.VirtServer;
import org.racker.runtime.BootProfile;
import org.racker.runtime.NetworkMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code autopkgtest-virt-racker}: autopkgtest's virtualisation server, which autopkgtest
 * starts for {@code autopkgtest PACKAGE -- racker IMAGE} and talks to on its standard input
 * and output.
 */
@Command(name = "autopkgtest-virt-racker", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"autopkgtest's virtualisation server on racker: every test bed is a booted, ephemeral"
                + " container of IMAGE (a curated image name, a registry reference or a root directory, as for"
                + " racker run), fresh at each open and revert; a reboot keeps the test bed's files.",
                "", "autopkgtest starts it: autopkgtest PACKAGE -- racker [OPTIONS] IMAGE"})
public final class AutopkgtestVirtCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    long startNanos = System.nanoTime();

    @Option(names = {"--network", "--net"}, paramLabel = "MODE", defaultValue = "host",
            description = "host (default: the host's network), none (loopback only) or private (a network of its own,"
                    + " out through slirp4netns).")
    String network;

    @Option(names = "--boot-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Give up when the test bed's systemd is not up after this long (default: ${DEFAULT-VALUE}).")
    long bootTimeout;

    @Option(names = {"-b", "--bind", "-v", "--volume"}, paramLabel = "HOST:CONTAINER[:ro]",
            description = "Bind-mount a host directory or file into every test bed.")
    List<String> binds = new ArrayList<>();

    @Option(names = "--boot-profile", paramLabel = "PROFILE", defaultValue = "test",
            description = "test (default: without gettys, logind, timers and other units a test bed never needs)"
                    + " or stock (every unit the image enables).")
    String bootProfile;

    @Option(names = "--pull", paramLabel = "POLICY", defaultValue = "missing",
            description = "missing (default), always or never: when to pull IMAGE.")
    String pull;

    @Option(names = "--tls-verify", arity = "1", paramLabel = "true|false", defaultValue = "true",
            description = "Verify registries' certificates when pulling.")
    boolean tlsVerify;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The test bed's image.")
    String image;

    @Override
    public Integer call() throws Exception {
        if (bootTimeout <= 0) {
            throw new InvalidArgumentException("--boot-timeout must be positive: give the seconds a boot may take");
        }
        PrintWriter err = spec.commandLine().getErr();
        ContainerConfig.Builder config = ContainerConfig.builder(Image.parse(image))
                .mode(ContainerConfig.Mode.BOOT)
                .pullPolicy(PullPolicy.parse(pull))
                .bootTimeout(Duration.ofSeconds(bootTimeout))
                .network(switch (NetworkMode.parse(network)) {
                    case HOST -> ContainerConfig.Network.HOST;
                    case NONE -> ContainerConfig.Network.NONE;
                    case PRIVATE -> ContainerConfig.Network.PRIVATE;
                })
                .bootProfile(BootProfile.parse(bootProfile) == BootProfile.TEST ? ContainerConfig.BootProfile.TEST
                        : ContainerConfig.BootProfile.STOCK);
        for (String bind : binds) {
            config.volume(Volume.parse(bind));
        }
        Racker racker = Racker.builder().root(global.root).tlsVerify(tlsVerify)
                .eventLog(new StderrEventLog(err, global.verbose, global.debug, startNanos, "autopkgtest-virt-racker"))
                .pullProgress(PullProgressPrinter.to(err)).notices(Notices.to(err)).build();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        return new VirtServer(racker, config.build(), in, spec.commandLine().getOut(), line -> {
            err.println(line);
            err.flush();
        }).run();
    }
}

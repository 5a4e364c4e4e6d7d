package org.racker.cli;

import static org.racker.cli.CommandModel.list;
import static org.racker.cli.CommandModel.option;
import static org.racker.cli.CommandModel.positional;

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
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code autopkgtest-virt-racker}: autopkgtest's virtualisation server, which autopkgtest
 * starts for {@code autopkgtest PACKAGE -- racker IMAGE} and talks to on its standard input
 * and output.
 */
public final class AutopkgtestVirtCommand implements Callable<Integer> {
    final GlobalOptions global = new GlobalOptions();
    final long startNanos = System.nanoTime();
    private String network;
    private long bootTimeout;
    private List<String> binds = new ArrayList<>();
    private String bootProfile;
    private String pull;
    private boolean tlsVerify;
    private String image;

    final CommandSpec spec = global.declareOn(CommandModel.of(this, "autopkgtest-virt-racker",
                    "autopkgtest's virtualisation server on racker: every test bed is a booted, ephemeral"
                            + " container of IMAGE (a curated image name, a registry reference or a root directory,"
                            + " as for racker run), fresh at each open and revert; a reboot keeps the test bed's"
                            + " files.",
                    "", "autopkgtest starts it: autopkgtest PACKAGE -- racker [OPTIONS] IMAGE"))
            .versionProvider(new VersionProvider())
            .unsorted()
            .add(option(String.class, v -> network = v, "--network", "--net").paramLabel("MODE").defaultValue("host")
                    .description("host (default: the host's network), none (loopback only) or private (a network of"
                            + " its own, out through slirp4netns)."))
            .add(option(long.class, v -> bootTimeout = v, "--boot-timeout").paramLabel("SECONDS").defaultValue("60")
                    .description("Give up when the test bed's systemd is not up after this long"
                            + " (default: ${DEFAULT-VALUE})."))
            .add(list(String.class, v -> binds = v, "-b", "--bind", "-v", "--volume").paramLabel("HOST:CONTAINER[:ro]")
                    .description("Bind-mount a host directory or file into every test bed."))
            .add(option(String.class, v -> bootProfile = v, "--boot-profile").paramLabel("PROFILE").defaultValue("test")
                    .description("test (default: without gettys, logind, timers and other units a test bed never"
                            + " needs) or stock (every unit the image enables)."))
            .add(option(String.class, v -> pull = v, "--pull").paramLabel("POLICY").defaultValue("missing")
                    .description("missing (default), always or never: when to pull IMAGE."))
            .add(option(boolean.class, v -> tlsVerify = v, "--tls-verify").arity("1").paramLabel("true|false")
                    .defaultValue("true").description("Verify registries' certificates when pulling."))
            .add(positional(String.class, v -> image = v).index("0").paramLabel("IMAGE")
                    .description("The test bed's image."))
            .spec();

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
                .network(ContainerConfig.Network.parse(network))
                .bootProfile(ContainerConfig.BootProfile.parse(bootProfile));
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

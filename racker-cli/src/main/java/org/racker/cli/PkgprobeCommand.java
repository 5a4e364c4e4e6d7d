package org.racker.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.probe.PackageFiles;
import org.racker.probe.PackageProbe;
import org.racker.probe.ProbeImage;
import org.racker.probe.ProbeImages;
import org.racker.probe.ProbeMachines;
import org.racker.probe.ProbeNetwork;
import org.racker.probe.ProbeReport;
import picocli.CommandLine.Model.CommandSpec;

/** {@code postroj pkgprobe}: install packages into a fresh distribution and prove they work. */
public final class PkgprobeCommand implements Callable<Integer> {
    private final PostrojCommand parent;
    String image;
    List<String> packages = new ArrayList<>();
    List<String> units = new ArrayList<>();
    List<String> endpoints = new ArrayList<>();
    long networkTimeout;
    Integer expectStatus;
    private final ProbeNetworkOption network = new ProbeNetworkOption();
    private final ProbeBootProfileOption bootProfile = new ProbeBootProfileOption();
    private final ProbeOutput output = new ProbeOutput();
    private final ProbeVmOption vm = new ProbeVmOption();

    PkgprobeCommand(PostrojCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        CommandModel model = CommandModel.of(this, "pkgprobe", "Boot a fresh container (or with --vm a QEMU VM) of a"
                        + " curated image, install packages, check units and endpoints.",
                        "The image is never changed: the container or VM is ephemeral.")
                .unsorted()
                .footer("", "Exit status: 0 when every check passed, 1 when a check failed, 125 when the probe could"
                        + " not run (bad input, download or boot failure, --network private without slirp4netns,"
                        + " --vm without QEMU).")
                .add(CommandModel.option(String.class, v -> image = v, "--image").required(true).paramLabel("NAME")
                        .description("A curated image (pulled if missing)."))
                .add(CommandModel.list(String.class, v -> packages = v, "--package").paramLabel("URL|PATH")
                        .description("A .deb or .rpm to install (repeatable)."))
                .add(CommandModel.list(String.class, v -> units = v, "--check-unit").paramLabel("UNIT")
                        .description("Enable, start and require this unit active (repeatable)."))
                .add(CommandModel.list(String.class, v -> endpoints = v, "--check-network").paramLabel("URL")
                        .description("tcp://host:port or http(s)://...: must answer (repeatable)."))
                .add(CommandModel.option(long.class, v -> networkTimeout = v, "--network-timeout").paramLabel("SECONDS")
                        .defaultValue("5").description("How long an endpoint may take to answer (default:"
                                + " ${DEFAULT-VALUE})."))
                .add(CommandModel.option(Integer.class, v -> expectStatus = v, "--expect-status").paramLabel("CODE")
                        .description("Require exactly this HTTP status (default: any but 5xx)."));
        return vm.declareOn(output.declareOn(bootProfile.declareOn(network.declareOn(model)))).spec();
    }

    @Override
    public Integer call() throws Exception {
        GlobalOptions global = parent.global;
        PrintWriter out = parent.spec.commandLine().getOut();
        PrintWriter err = parent.spec.commandLine().getErr();
        StderrEventLog log = new StderrEventLog(err, true, global.debug, System.nanoTime(), "postroj");
        for (String endpoint : endpoints) {
            PackageProbe.checkEndpoint(endpoint);
        }
        if (networkTimeout <= 0) {
            throw new InvalidArgumentException("--network-timeout must be positive");
        }
        ProbeMachines machines = vm.machines(network.requested);
        ProbeNetwork probeNetwork = ProbeVmOption.network(machines, network, err);
        ProbeImages images = new ProbeImages(global.root, log);
        images.checkPackages(image, packages);
        try (PackageFiles fetched = PackageFiles.create(global.root, log, "racker-pkgprobe-")) {
            List<String> files = new ArrayList<>();
            for (String p : packages) {
                files.add(fetched.fetch(p));
            }
            ProbeImage probed = images.get(image, Notices.to(err));
            PackageProbe.Plan plan = PackageProbe.Plan.of(probed, probeNetwork, fetched, files, units, endpoints,
                    Duration.ofSeconds(networkTimeout), expectStatus);
            ProbeReport report = new PackageProbe(machines.backend(global.root, log, Notices.to(err)), log,
                    bootProfile.resolve()).run(plan);
            long failed = output.write(List.of(report), out);
            if (report.error() != null) {
                throw new RackerException("the probe of " + image + " could not run: " + report.error());
            }
            return failed == 0 ? 0 : ExitCodes.CHECK_FAILED;
        }
    }
}

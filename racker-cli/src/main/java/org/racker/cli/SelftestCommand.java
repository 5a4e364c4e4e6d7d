package org.racker.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.racker.InvalidArgumentException;
import org.racker.probe.PackageProbe;
import org.racker.probe.ProbeBackend;
import org.racker.probe.ProbeImage;
import org.racker.probe.ProbeImages;
import org.racker.probe.ProbeMachines;
import org.racker.probe.ProbeNetwork;
import org.racker.probe.ProbeReport;
import org.racker.probe.SelfTest;
import picocli.CommandLine.Model.CommandSpec;

/** {@code postroj selftest}: boot each image and run the example probes. */
public final class SelftestCommand implements java.util.concurrent.Callable<Integer> {
    private final PostrojCommand parent;
    String probe;
    List<String> images = new ArrayList<>();
    int parallel;
    private final ProbeNetworkOption network = new ProbeNetworkOption();
    private final ProbeBootProfileOption bootProfile = new ProbeBootProfileOption();
    private final ProbeOutput output = new ProbeOutput();
    private final ProbeVmOption vm = new ProbeVmOption();

    SelftestCommand(PostrojCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        CommandModel model = CommandModel.of(this, "selftest",
                        "Boot every pulled image (or those given) and run a probe:",
                        "  hostnamectl  hostnamectl answers and systemd-journald is active",
                        "  pkgprobe     apache2/httpd installs from the distribution, its unit runs, port 80 answers")
                .footer("", "Exit status: 0 when every probe passed, 5 when one failed (as upstream), 125 when the"
                        + " selftest could not run (bad input, --network private without slirp4netns).",
                        "With --vm each image boots as a QEMU VM instead of a container.")
                .add(CommandModel.positional(String.class, v -> probe = v).index("0").paramLabel("PROBE")
                        .description("hostnamectl or pkgprobe."))
                .add(CommandModel.list(String.class, v -> images = v, "--image").paramLabel("NAME")
                        .description("Probe this image (repeatable; default: all pulled)."))
                .add(CommandModel.option(int.class, v -> parallel = v, "--parallel").paramLabel("N").defaultValue("1")
                        .description("Boot N images at once."));
        return vm.declareOn(output.declareOn(bootProfile.declareOn(network.declareOn(model)))).spec();
    }

    @Override
    public Integer call() throws Exception {
        if (!probe.equals("hostnamectl") && !probe.equals("pkgprobe")) {
            throw new InvalidArgumentException("unknown probe \"" + probe + "\": use hostnamectl or pkgprobe");
        }
        if (parallel < 1) {
            throw new InvalidArgumentException("--parallel must be at least 1");
        }
        GlobalOptions global = parent.global;
        PrintWriter out = parent.spec.commandLine().getOut();
        PrintWriter err = parent.spec.commandLine().getErr();
        StderrEventLog log = new StderrEventLog(err, global.verbose, global.debug,
                System.nanoTime(), "postroj");
        ProbeMachines machines = vm.machines(network.requested);
        ProbeNetwork probeNetwork = ProbeVmOption.network(machines, network, err);
        ProbeImages pulled = new ProbeImages(global.root, log);
        List<String> names = images.isEmpty() ? pulled.pulledNames() : images;
        if (names.isEmpty()) {
            throw new InvalidArgumentException("no images are pulled: postroj pull NAME first, or name one with --image");
        }
        List<ProbeImage> probed = new ArrayList<>();
        for (String name : names) {
            probed.add(pulled.get(name, Notices.to(err)));
        }
        ProbeBackend backend = machines.backend(global.root, log, Notices.to(err));
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<ProbeReport>> futures = new ArrayList<>();
            for (ProbeImage image : probed) {
                futures.add(pool.submit(() -> probe.equals("hostnamectl")
                        ? new SelfTest(backend, log, bootProfile.resolve()).hostnamectl(image, probeNetwork)
                        : new PackageProbe(backend, log, bootProfile.resolve()).run(
                                PackageProbe.Plan.apache(image, probeNetwork))));
            }
            List<ProbeReport> reports = new ArrayList<>();
            for (Future<ProbeReport> f : futures) {
                reports.add(f.get());
            }
            return output.write(reports, out) == 0 ? 0 : ExitCodes.SELFTEST_FAILED;
        } finally {
            pool.shutdownNow();
        }
    }
}

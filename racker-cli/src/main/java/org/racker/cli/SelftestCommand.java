package org.racker.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.racker.InvalidArgumentException;
import org.racker.distro.Catalogue;
import org.racker.distro.CatalogueDirs;
import org.racker.distro.CatalogueEntry;
import org.racker.distro.CuratedImages;
import org.racker.distro.ImageSources;
import org.racker.probe.PackageProbe;
import org.racker.probe.ProbeReport;
import org.racker.probe.SelfTest;
import org.racker.probe.ProbeBackend;
import org.racker.runtime.network.NetworkMode;
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
        StderrEventLog log = new StderrEventLog(parent.spec.commandLine().getErr(), global.verbose, global.debug,
                System.nanoTime(), "postroj");
        vm.options(network.requested);
        NetworkMode networkMode = vm.network(network, parent.spec.commandLine().getErr());
        CuratedImages curated = new CuratedImages(new ImageSources(global.root, log, true),
                Catalogue.load(CatalogueDirs.fromEnvironment()));
        List<String> names = images.isEmpty() ? curated.pulledNames() : images;
        if (names.isEmpty()) {
            throw new InvalidArgumentException("no images are pulled: postroj pull NAME first, or name one with --image");
        }
        List<Path> roots = new ArrayList<>();
        List<CatalogueEntry> entries = new ArrayList<>();
        for (String name : names) {
            entries.add(curated.entry(name));
            roots.add(curated.rootfs(name, Notices.to(parent.spec.commandLine().getErr())));
        }
        ProbeBackend backend = vm.backend(global.root, log, parent.spec.commandLine().getErr());
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<ProbeReport>> futures = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                Path rootfs = roots.get(i);
                CatalogueEntry entry = entries.get(i);
                futures.add(pool.submit(() -> probe.equals("hostnamectl")
                        ? new SelfTest(backend, log, bootProfile.resolve()).hostnamectl(name, rootfs, networkMode)
                        : new PackageProbe(backend, log, bootProfile.resolve()).run(apacheProbe(entry, rootfs, networkMode))));
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

    /** Upstream's example: the distribution's Apache, its unit, port 80 (in every image at once with --parallel). */
    static PackageProbe.Plan apacheProbe(CatalogueEntry entry, Path rootfs, NetworkMode network) {
        boolean debian = entry.manager() == org.racker.distro.PackageManager.APT;
        String pkg = debian ? "apache2" : entry.manager() == org.racker.distro.PackageManager.ZYPPER ? "apache2" : "httpd";
        String unit = debian || entry.manager() == org.racker.distro.PackageManager.ZYPPER ? "apache2" : "httpd";
        return new PackageProbe.Plan(entry.name(), rootfs, entry.manager(), null, List.of(), List.of(pkg),
                List.of(unit), List.of("http://localhost:80/"), Duration.ofSeconds(10), null, network, List.of());
    }
}

package org.racker.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.distro.Catalogue;
import org.racker.distro.CatalogueDirs;
import org.racker.distro.CuratedImages;
import org.racker.distro.ImageSources;
import org.racker.distro.CatalogueEntry;
import org.racker.distro.CuratedImage;
import org.racker.distro.PackageManager;
import org.racker.download.DownloadCache;
import org.racker.fs.StateRoot;
import org.racker.host.HostInfo;
import org.racker.host.HostProbe;
import org.racker.host.HostUnsupportedException;
import org.racker.matrix.CellResult;
import org.racker.matrix.MatrixCell;
import org.racker.matrix.MatrixCells;
import org.racker.matrix.MatrixFile;
import org.racker.matrix.MatrixReport;
import org.racker.matrix.MatrixSpec;
import org.racker.matrix.Shard;
import org.racker.matrix.ShardReport;
import org.racker.probe.PackageProbe;
import org.racker.probe.ProbeReport;
import org.racker.runtime.network.NetworkMode;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code postroj matrix run FILE}: every cell of the matrix (or of one shard) probed in a fresh
 * container (or VM: {@code vm: true} in the file, or {@code --vm}), {@code --parallel} at a time; each image is pulled once, each package fetched
 * once. Writes the shard's report as JSON and JUnit XML and prints its table.
 */
public final class MatrixRunCommand implements Callable<Integer> {
    private final MatrixCommand parent;
    Path file;
    private final MatrixShardOption shardOption = new MatrixShardOption();
    private final ProbeBootProfileOption bootProfile = new ProbeBootProfileOption();
    private final ProbeVmOption vm = new ProbeVmOption();
    int parallel;
    Path reportDir;

    MatrixRunCommand(MatrixCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        CommandModel model = CommandModel.of(this, "run", "Run the cells of a matrix file (of one shard with"
                        + " --shard K/N) and write the shard's report.")
                .unsorted()
                .footer("", "Exit status: 0 when no cell failed (skipped cells do not fail), 1 when a cell failed or"
                        + " could not run, 125 when the matrix could not run (bad file, bad option).")
                .add(CommandModel.positional(Path.class, v -> file = v).index("0").paramLabel("FILE")
                        .description("The matrix file (YAML or JSON)."));
        return vm.declareOn(bootProfile.declareOn(shardOption.declareOn(model)))
                .add(CommandModel.option(int.class, v -> parallel = v, "--parallel").paramLabel("N").defaultValue("1")
                        .description("Probe N cells at once."))
                .add(CommandModel.option(Path.class, v -> reportDir = v, "--report-dir").paramLabel("DIR")
                        .defaultValue(".").description("Where matrix-K-of-N.json and .xml go (default: the current"
                                + " directory)."))
                .spec();
    }

    @Override
    public Integer call() throws Exception {
        if (parallel < 1) {
            throw new InvalidArgumentException("--parallel must be at least 1");
        }
        MatrixSpec spec = MatrixFile.read(file);
        // the file's vm: true is --vm; --memory and --cpus then size its VMs
        vm.vm |= spec.vm();
        vm.options(null);
        Shard shard = shardOption.resolve();
        PostrojCommand postroj = parent.parent;
        GlobalOptions global = postroj.global;
        PrintWriter out = postroj.spec.commandLine().getOut();
        PrintWriter err = postroj.spec.commandLine().getErr();
        StderrEventLog log = new StderrEventLog(err, global.verbose, global.debug, System.nanoTime(), "postroj");
        Catalogue catalogue = Catalogue.load(CatalogueDirs.fromEnvironment());
        List<MatrixCell> all = MatrixCells.of(spec, catalogue.all().stream().map(CatalogueEntry::name).toList());
        List<MatrixCell> mine = MatrixCells.of(all, shard);
        NetworkMode network = vm.vm ? NetworkMode.PRIVATE : network(spec, new HostProbe().probe());
        Files.createDirectories(reportDir);
        String base = "matrix-" + shard.index() + "-of-" + shard.total();

        CuratedImages curated = new CuratedImages(new ImageSources(global.root, log, true), catalogue);
        Map<String, Object> images = new LinkedHashMap<>(); // a root Path, or why the image cannot run here
        for (MatrixCell cell : mine) {
            images.computeIfAbsent(cell.image(), name -> {
                try {
                    return curated.rootfs(name, Notices.to(err));
                } catch (RackerException e) {
                    return "image " + name + " cannot be pulled here: " + e.getMessage();
                }
            });
        }
        Path packages = Files.createTempDirectory("racker-matrix-");
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            PackageFiles fetcher = new PackageFiles(new DownloadCache(
                    StateRoot.privateDirectory(global.root, "cache").resolve("downloads"), log));
            PackageProbe probe = new PackageProbe(vm.backend(global.root, log, err), log, bootProfile.resolve());
            List<Future<CellResult>> futures = new ArrayList<>();
            for (MatrixCell cell : mine) {
                Object image = images.get(cell.image());
                if (image instanceof String reason) {
                    futures.add(java.util.concurrent.CompletableFuture.completedFuture(CellResult.skipped(cell, reason)));
                    continue;
                }
                CellPlan plan = plan(cell, spec, catalogue.find(cell.image()).orElseThrow(), (Path) image,
                        curated.pulled(cell.image()), network, fetcher, packages);
                futures.add(plan.skip != null
                        ? java.util.concurrent.CompletableFuture.completedFuture(plan.skip)
                        : pool.submit(() -> probe(cell, plan, probe)));
            }
            List<CellResult> results = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                results.add(await(mine.get(i), futures.get(i), spec.timeout()));
            }
            ShardReport report = new ShardReport(file.getFileName().toString(), digest(file), shard,
                    all.stream().map(MatrixCell::key).toList(), results);
            MatrixReport.writeJson(report, reportDir.resolve(base + ".json"));
            MatrixReport view = MatrixReport.of(report);
            view.writeJunit(reportDir.resolve(base + ".xml"));
            out.println("shard " + shard + " of " + file.getFileName() + ": " + mine.size() + " of " + all.size()
                    + " cells");
            view.printTable(out);
            return view.failed() ? ExitCodes.CHECK_FAILED : 0;
        } finally {
            pool.shutdownNow();
            PackageFiles.delete(packages);
        }
    }

    /** A probe plan for a cell, or why the cell is skipped. */
    private record CellPlan(PackageProbe.Plan probe, String provenance, CellResult skip) { }

    private static CellPlan plan(MatrixCell cell, MatrixSpec spec, CatalogueEntry entry, Path rootfs,
            CuratedImage pulled, NetworkMode network, PackageFiles fetcher, Path packages)
            throws RackerException, IOException {
        String provenance = pulled == null ? null : pulled.source() + " " + pulled.sourceDetail() + ", pulled "
                + pulled.pulled();
        List<String> files = List.of();
        Path dir = null;
        MatrixSpec.Checks c = spec.checks();
        if (!cell.pkg().isEmpty()) {
            MatrixSpec.PackageEntry pkg = spec.packages().stream().filter(p -> p.name().equals(cell.pkg()))
                    .findFirst().orElseThrow();
            c = c.plus(pkg.checks());
            String source = source(pkg, entry.manager());
            if (source == null) {
                return new CellPlan(null, provenance, CellResult.skipped(cell, "no package of " + pkg.name()
                        + " for " + entry.name() + ", which installs " + entry.manager().packageFileSuffix()
                        + " packages (" + entry.manager().id() + ")"));
            }
            dir = Files.createDirectories(packages.resolve(cell.pkg()).resolve(entry.manager().id()));
            try (var existing = Files.list(dir)) {
                List<String> fetched = existing.map(p -> p.getFileName().toString()).toList();
                files = fetched.isEmpty() ? List.of(fetcher.fetch(source, dir)) : fetched;
            }
        }
        return new CellPlan(new PackageProbe.Plan(cell.image(), rootfs, entry.manager(), dir, files, List.of(),
                c.units(), c.endpoints(), Duration.ofSeconds(c.networkTimeout()), c.expectStatus(), network,
                c.commands()), provenance, null);
    }

    /** The package file for a family: the one for all, else the .deb or .rpm its manager takes. */
    private static String source(MatrixSpec.PackageEntry pkg, PackageManager manager) {
        String suffix = manager.packageFileSuffix();
        if (pkg.file() != null) {
            return pkg.file().replaceAll("[?#].*$", "").endsWith(suffix) ? pkg.file() : null;
        }
        return suffix.equals(".deb") ? pkg.deb() : suffix.equals(".rpm") ? pkg.rpm() : null;
    }

    private static CellResult probe(MatrixCell cell, CellPlan plan, PackageProbe probe) {
        ProbeReport r = probe.run(plan.probe);
        CellResult.Status status = r.error() != null ? CellResult.Status.ERROR
                : r.passed() ? CellResult.Status.PASSED : CellResult.Status.FAILED;
        return new CellResult(cell.key(), cell.image(), cell.pkg(), status, r.error(), plan.provenance, r.checks(),
                r.millis(), r.installed(), r.journal());
    }

    /** A cell's result, or an error when it takes longer than the matrix allows (it is stopped). */
    private static CellResult await(MatrixCell cell, Future<CellResult> future, int timeoutSeconds)
            throws InterruptedException {
        try {
            return future.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return CellResult.of(cell, CellResult.Status.ERROR, "took longer than the matrix's timeout of "
                    + timeoutSeconds + " s", timeoutSeconds * 1000L);
        } catch (java.util.concurrent.ExecutionException e) {
            return CellResult.of(cell, CellResult.Status.ERROR, String.valueOf(e.getCause().getMessage()), 0);
        }
    }

    private static NetworkMode network(MatrixSpec spec, HostInfo host) throws RackerException {
        NetworkMode mode = NetworkMode.parse(spec.network());
        if (mode == NetworkMode.PRIVATE && host.slirp4netns().isEmpty()) {
            throw new HostUnsupportedException(HostInfo.NO_SLIRP4NETNS + " (or set network: host in the matrix)");
        }
        return mode;
    }

    private static String digest(Path file) throws IOException {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

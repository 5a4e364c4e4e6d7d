package org.racker.matrix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.racker.EventLog;
import org.racker.RackerException;
import org.racker.api.ContainerConfig;
import org.racker.distro.PackageManager;
import org.racker.host.HostInfo;
import org.racker.host.HostProbe;
import org.racker.host.HostUnsupportedException;
import org.racker.probe.PackageFiles;
import org.racker.probe.PackageProbe;
import org.racker.probe.ProbeImage;
import org.racker.probe.ProbeImages;
import org.racker.probe.ProbeMachines;
import org.racker.probe.ProbeReport;
import org.racker.runtime.network.NetworkMode;

/**
 * A run of a matrix's cells (or of one shard's): each probed in a fresh container (or VM),
 * a number at a time; each image pulled once, each package fetched once. {@link #of} reads and
 * checks what the run needs before anything is pulled; {@link #run} probes and reports.
 */
public final class MatrixRun {
    private final Path file;
    private final MatrixSpec spec;
    private final Shard shard;
    private final List<MatrixCell> all;
    private final List<MatrixCell> mine;
    private final NetworkMode network;
    private final ProbeMachines machines;
    private final ProbeImages images;
    private final Path root;
    private final EventLog log;

    private MatrixRun(Path file, MatrixSpec spec, Shard shard, List<MatrixCell> all, List<MatrixCell> mine,
            NetworkMode network, ProbeMachines machines, ProbeImages images, Path root, EventLog log) {
        this.file = file;
        this.spec = spec;
        this.shard = shard;
        this.all = all;
        this.mine = mine;
        this.network = network;
        this.machines = machines;
        this.images = images;
        this.root = root;
        this.log = log;
    }

    /**
     * The run of {@code shard} of the matrix {@code file} (read as {@code spec}) in
     * {@code machines}, with the curated images and the state under {@code root}; a VM's network
     * is its own, a container's is the matrix's, checked against this host.
     */
    public static MatrixRun of(Path file, MatrixSpec spec, Shard shard, ProbeMachines machines, Path root,
            EventLog log) throws RackerException {
        ProbeImages images = new ProbeImages(root, log);
        List<MatrixCell> all = MatrixCells.of(spec, images.names());
        List<MatrixCell> mine = MatrixCells.of(all, shard);
        NetworkMode network = machines.vm() ? NetworkMode.PRIVATE : network(spec, new HostProbe().probe());
        return new MatrixRun(file, spec, shard, all, mine, network, machines, images, root, log);
    }

    /** The number of cells in the whole matrix. */
    public int cellCount() {
        return all.size();
    }

    /** The number of cells this run probes: its shard's. */
    public int shardCellCount() {
        return mine.size();
    }

    /**
     * Pulls the images, fetches the packages and probes the cells, {@code parallel} (at least 1) at a time,
     * booted with {@code bootProfile}; a cell that takes longer than the matrix allows is
     * stopped and reported as an error. Pulls are said on {@code notices}.
     */
    public ShardReport run(ContainerConfig.BootProfile bootProfile, int parallel, Consumer<String> notices)
            throws RackerException, IOException, InterruptedException {
        Map<String, Object> pulled = new LinkedHashMap<>(); // a ProbeImage, or why the image cannot run here
        for (MatrixCell cell : mine) {
            pulled.computeIfAbsent(cell.image(), name -> {
                try {
                    return images.get(name, notices);
                } catch (RackerException e) {
                    return "image " + name + " cannot be pulled here: " + e.getMessage();
                }
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try (PackageFiles packages = PackageFiles.create(root, log, "racker-matrix-")) {
            try {
                PackageProbe probe = new PackageProbe(machines.backend(root, log, notices), log, bootProfile);
                List<Future<CellResult>> futures = new ArrayList<>();
                for (MatrixCell cell : mine) {
                    Object image = pulled.get(cell.image());
                    if (image instanceof String reason) {
                        futures.add(CompletableFuture.completedFuture(CellResult.skipped(cell, reason)));
                        continue;
                    }
                    CellPlan plan = plan(cell, (ProbeImage) image, packages);
                    futures.add(plan.skip != null
                            ? CompletableFuture.completedFuture(plan.skip)
                            : pool.submit(() -> probe(cell, plan, probe)));
                }
                List<CellResult> results = new ArrayList<>();
                for (int i = 0; i < futures.size(); i++) {
                    results.add(await(mine.get(i), futures.get(i), spec.timeout()));
                }
                return new ShardReport(file.getFileName().toString(), digest(file), shard,
                        all.stream().map(MatrixCell::key).toList(), results);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** A probe plan for a cell, or why the cell is skipped. */
    private record CellPlan(PackageProbe.Plan probe, String provenance, CellResult skip) { }

    private CellPlan plan(MatrixCell cell, ProbeImage image, PackageFiles fetcher) throws RackerException, IOException {
        String provenance = image.provenance();
        PackageManager manager = image.manager();
        List<String> files = List.of();
        Path dir = null;
        MatrixSpec.Checks c = spec.checks();
        if (!cell.pkg().isEmpty()) {
            MatrixSpec.PackageEntry pkg = spec.packages().stream().filter(p -> p.name().equals(cell.pkg()))
                    .findFirst().orElseThrow();
            c = c.plus(pkg.checks());
            String source = source(pkg, manager);
            if (source == null) {
                return new CellPlan(null, provenance, CellResult.skipped(cell, "no package of " + pkg.name()
                        + " for " + image.distribution() + ", which installs " + manager.packageFileSuffix()
                        + " packages (" + manager.id() + ")"));
            }
            dir = Files.createDirectories(fetcher.dir().resolve(cell.pkg()).resolve(manager.id()));
            try (var existing = Files.list(dir)) {
                List<String> fetched = existing.map(p -> p.getFileName().toString()).toList();
                files = fetched.isEmpty() ? List.of(fetcher.fetch(source, dir)) : fetched;
            }
        }
        return new CellPlan(new PackageProbe.Plan(cell.image(), image.rootfs(), manager, dir, files, List.of(),
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
        } catch (ExecutionException e) {
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
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

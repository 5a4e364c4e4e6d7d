package org.racker.probe;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.net.URI;
import org.racker.EventLog;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.api.ContainerConfig;
import org.racker.distro.PackageManager;
import org.racker.runtime.boot.BootProfile;
import org.racker.runtime.network.NetworkMode;

/**
 * postroj pkgprobe: boots a fresh, ephemeral container (or VM) of a curated image, installs
 * the packages with the distribution's own package manager, and checks that the units are
 * active and the endpoints answer. The image itself is never changed.
 */
public final class PackageProbe {
    /** Where the package files appear inside the container. */
    static final String PACKAGE_DIR = "/run/racker-packages";

    /** How much of the journal a failed probe reports. */
    private static final int JOURNAL_LINES = 40;

    /**
     * What to probe.
     *
     * @param network the container's network: private lets probes of services on the same port
     *     run side by side; the checks run inside the container and work with either
     * @param commands shell commands that must exit and print as each says
     */
    public record Plan(String image, Path rootfs, PackageManager manager, Path packageDir, List<String> packageFiles,
            List<String> repositoryPackages, List<String> units, List<String> endpoints, Duration networkTimeout,
            Integer expectStatus, NetworkMode network, List<CommandCheck> commands) {
        public Plan {
            commands = List.copyOf(commands);
        }

        /**
         * Installs the package files (names in {@code packages}' directory) in {@code image}, then
         * checks the units and endpoints ({@code expectStatus}: the HTTP status required, null
         * for any but 5xx).
         */
        public static Plan of(ProbeImage image, ProbeNetwork network, PackageFiles packages, List<String> files,
                List<String> units, List<String> endpoints, Duration networkTimeout, Integer expectStatus) {
            return new Plan(image.name(), image.rootfs(), image.manager(), packages.dir(), files, List.of(), units,
                    endpoints, networkTimeout, expectStatus, network.mode(), List.of());
        }

        /**
         * Upstream's example: the distribution's Apache from its own repositories, its unit
         * active, port 80 answering.
         */
        public static Plan apache(ProbeImage image, ProbeNetwork network) {
            PackageManager manager = image.manager();
            // Debian and SUSE call package and unit apache2; the Red Hat family and the rest httpd
            String name = manager == PackageManager.APT || manager == PackageManager.ZYPPER ? "apache2" : "httpd";
            return new Plan(image.distribution(), image.rootfs(), manager, null, List.of(), List.of(name), List.of(name),
                    List.of("http://localhost:80/"), Duration.ofSeconds(10), null, network.mode(), List.of());
        }
    }

    private final ProbeBackend backend;
    private final EventLog log;
    private final BootProfile bootProfile;

    /**
     * Probes in the machines {@code backend} boots (containers or VMs), with the units of
     * {@code bootProfile} (less those a probe checks).
     */
    public PackageProbe(ProbeBackend backend, EventLog log, ContainerConfig.BootProfile bootProfile) {
        this.backend = backend;
        this.log = log;
        this.bootProfile = profile(bootProfile);
    }

    static BootProfile profile(ContainerConfig.BootProfile profile) {
        return switch (profile) {
            case STOCK -> BootProfile.STOCK;
            case TEST -> BootProfile.TEST;
        };
    }

    /** Refuses, before anything boots, an endpoint the network check cannot probe. */
    public static void checkEndpoint(String endpoint) throws InvalidArgumentException {
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("invalid --check-network " + endpoint + ": " + e.getMessage());
        }
        String scheme = uri.getScheme();
        if (scheme == null || !List.of("tcp", "http", "https").contains(scheme) || uri.getHost() == null
                || (scheme.equals("tcp") && uri.getPort() < 0)) {
            throw new InvalidArgumentException("invalid --check-network " + endpoint
                    + ": use tcp://HOST:PORT, http://... or https://...");
        }
    }

    /** Runs the plan in a fresh machine; what failed, and why a probe could not run, are in the report. */
    public ProbeReport run(Plan plan) {
        long t0 = System.nanoTime();
        List<CheckResult> checks = new ArrayList<>();
        // a unit the probe checks runs even where the profile would skip it
        ProbeBackend.Request request = new ProbeBackend.Request(plan.image(), plan.rootfs(), "pkgprobe",
                plan.network(), bootProfile.maskedUnitsExcept(plan.units()), bootProfile.maskedGenerators(),
                plan.packageDir(), plan.packageFiles());
        Map<String, String> installed = Map.of();
        try (ProbeMachine container = backend.start(request)) {
            log.info("probing " + plan.image() + " in " + container.name() + " (network " + container.networkLabel() + ")");
            ContainerChecks run = new ContainerChecks(container);
            if (!plan.packageFiles().isEmpty() || !plan.repositoryPackages().isEmpty()) {
                List<String> files = new ArrayList<>(plan.packageFiles().stream().map(f -> PACKAGE_DIR + "/" + f).toList());
                files.addAll(plan.repositoryPackages());
                List<String> names = new ArrayList<>(plan.packageFiles());
                names.addAll(plan.repositoryPackages());
                CheckResult install = run.command("install " + String.join(" ", names),
                        List.of("/bin/sh", "-c", PackageInstall.script(plan.manager(), files)));
                checks.add(install);
                log.info(line(install));
                if (!install.passed()) {
                    return new ProbeReport(plan.image(), "pkgprobe", checks, ms(t0), null, Map.of(), journal(container));
                }
                installed = installed(container, plan.manager(), files, plan.repositoryPackages());
            }
            for (String unit : plan.units()) {
                CheckResult r = run.unit(unit);
                checks.add(r);
                log.info(line(r));
            }
            for (String endpoint : plan.endpoints()) {
                CheckResult r = run.network(endpoint, plan.networkTimeout(), plan.expectStatus());
                checks.add(r);
                log.info(line(r));
            }
            for (CommandCheck command : plan.commands()) {
                CheckResult r = run.command(command);
                checks.add(r);
                log.info(line(r));
            }
            boolean failed = checks.stream().anyMatch(c -> !c.passed());
            return new ProbeReport(plan.image(), "pkgprobe", checks, ms(t0), null, installed,
                    failed ? journal(container) : null);
        } catch (RackerException | IOException e) {
            return new ProbeReport(plan.image(), "pkgprobe", checks, ms(t0), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProbeReport(plan.image(), "pkgprobe", checks, ms(t0), "interrupted");
        }
    }

    /** The installed packages' versions, as the container's package database reports them. */
    private static Map<String, String> installed(ProbeMachine container, PackageManager manager, List<String> files,
            List<String> names) throws RackerException, IOException, InterruptedException {
        ProbeMachine.Output r = container.run(List.of("/bin/sh", "-c",
                PackageInstall.versionsScript(manager, files.subList(0, files.size() - names.size()), names)));
        Map<String, String> versions = new TreeMap<>();
        for (String line : r.stdout().split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2) {
                versions.put(parts[0], parts[1]);
            }
        }
        return versions;
    }

    /** The container's last journal lines: what a failed check's reader needs to see why. */
    private static String journal(ProbeMachine container) throws RackerException, IOException, InterruptedException {
        return container.run(List.of("journalctl", "--no-pager", "--quiet", "--lines=" + JOURNAL_LINES))
                .stdout().strip();
    }

    static String line(CheckResult r) {
        return (r.passed() ? "ok    " : "FAILED ") + r.name() + " (" + r.millis() + " ms)"
                + (r.passed() ? "" : ": " + ReportWriter.firstLine(r.detail()));
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}

package org.racker.probe;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.racker.EventLog;
import org.racker.RackerException;
import org.racker.api.ContainerConfig;
import org.racker.runtime.boot.BootProfile;

/** postroj selftest hostnamectl: does each image boot, answer hostnamectl and run journald? */
public final class SelfTest {
    private final ProbeBackend backend;
    private final EventLog log;
    private final BootProfile bootProfile;

    /** Self-tests in the machines {@code backend} boots (containers or VMs), with the units of {@code bootProfile}. */
    public SelfTest(ProbeBackend backend, EventLog log, ContainerConfig.BootProfile bootProfile) {
        this.backend = backend;
        this.log = log;
        this.bootProfile = PackageProbe.profile(bootProfile);
    }

    /** Boots {@code probed} and checks that hostnamectl answers and journald is active. */
    public ProbeReport hostnamectl(ProbeImage probed, ProbeNetwork network) {
        long t0 = System.nanoTime();
        String image = probed.name();
        List<CheckResult> checks = new ArrayList<>();
        ProbeBackend.Request request = new ProbeBackend.Request(image, probed.rootfs(), "selftest", network.mode(),
                bootProfile.maskedUnitsExcept(List.of("systemd-journald")), bootProfile.maskedGenerators(), null,
                List.of());
        try (ProbeMachine container = backend.start(request)) {
            ContainerChecks run = new ContainerChecks(container);
            checks.add(run.command("hostnamectl", List.of("hostnamectl")));
            checks.add(run.unit("systemd-journald"));
            log.info(image + ": " + (checks.stream().allMatch(CheckResult::passed) ? "ok" : "FAILED"));
            return new ProbeReport(image, "hostnamectl", checks, (System.nanoTime() - t0) / 1_000_000, null);
        } catch (RackerException | IOException e) {
            return new ProbeReport(image, "hostnamectl", checks, (System.nanoTime() - t0) / 1_000_000, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProbeReport(image, "hostnamectl", checks, (System.nanoTime() - t0) / 1_000_000, "interrupted");
        }
    }
}

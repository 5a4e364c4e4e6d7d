package org.racker.probe;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.racker.RackerException;
import org.racker.runtime.boot.BootProfile;
import org.racker.runtime.ContainerRunner;
import org.racker.EventLog;
import org.racker.runtime.network.NetworkMode;

/** postroj selftest hostnamectl: does each image boot, answer hostnamectl and run journald? */
public final class SelfTest {
    private final ProbeBackend backend;
    private final EventLog log;
    private final BootProfile bootProfile;

    /** Self-tests in nspawn containers. */
    public SelfTest(ContainerRunner runner, EventLog log, BootProfile bootProfile) {
        this(new ContainerBackend(runner), log, bootProfile);
    }

    /** Self-tests in the machines {@code backend} boots: containers or VMs. */
    public SelfTest(ProbeBackend backend, EventLog log, BootProfile bootProfile) {
        this.backend = backend;
        this.log = log;
        this.bootProfile = bootProfile;
    }

    public ProbeReport hostnamectl(String image, Path rootfs, NetworkMode network) {
        long t0 = System.nanoTime();
        List<CheckResult> checks = new ArrayList<>();
        ProbeBackend.Request request = new ProbeBackend.Request(image, rootfs, "selftest", network,
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

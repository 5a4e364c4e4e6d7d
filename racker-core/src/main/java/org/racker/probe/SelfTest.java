package org.racker.probe;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.racker.RackerException;
import org.racker.runtime.BootProfile;
import org.racker.runtime.ContainerRunner;
import org.racker.runtime.ContainerSpec;
import org.racker.EventLog;
import org.racker.runtime.NetworkMode;
import org.racker.runtime.RunningContainer;

/** postroj selftest hostnamectl: does each image boot, answer hostnamectl and run journald? */
public final class SelfTest {
    private final ContainerRunner runner;
    private final EventLog log;
    private final BootProfile bootProfile;

    public SelfTest(ContainerRunner runner, EventLog log, BootProfile bootProfile) {
        this.runner = runner;
        this.log = log;
        this.bootProfile = bootProfile;
    }

    public ProbeReport hostnamectl(String image, Path rootfs, NetworkMode network) {
        long t0 = System.nanoTime();
        List<CheckResult> checks = new ArrayList<>();
        ContainerSpec spec = ContainerSpec.builder(rootfs).image(image).removeOnExit(true).command("selftest")
                .network(network).maskedUnits(bootProfile.maskedUnitsExcept(List.of("systemd-journald")))
                .maskedGenerators(bootProfile.maskedGenerators()).build();
        try (RunningContainer container = runner.start(spec)) {
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

package org.racker.probe;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.racker.RackerException;
import org.racker.runtime.RunningContainer;

/**
 * Checks run inside a booted container through its own service manager and tools, so they
 * see the container's network, whether it shares the host's or has its own.
 */
public final class ContainerChecks {
    private final RunningContainer container;

    public ContainerChecks(RunningContainer container) {
        this.container = container;
    }

    /** Runs a command; passes when it exits 0. */
    public CheckResult command(String name, List<String> command)
            throws RackerException, IOException, InterruptedException {
        long t0 = System.nanoTime();
        RunningContainer.ExecResult r = container.execCaptured(command);
        String detail = (r.stdout() + r.stderr()).strip();
        return new CheckResult(name, r.exitCode() == 0, ms(t0), r.exitCode() == 0 ? detail
                : "exit status " + r.exitCode() + (detail.isEmpty() ? "" : "\n" + detail));
    }

    /** Runs {@code check}'s shell command; passes on its exit status and, when asked, its output. */
    public CheckResult command(CommandCheck check) throws RackerException, IOException, InterruptedException {
        long t0 = System.nanoTime();
        RunningContainer.ExecResult r = container.execCaptured(List.of("/bin/sh", "-c", check.run()));
        String output = r.stdout() + r.stderr();
        boolean statusOk = r.exitCode() == check.status();
        boolean outputOk = check.output() == null || output.contains(check.output());
        String detail = statusOk && outputOk ? output.strip()
                : (statusOk ? "" : "exit status " + r.exitCode() + ", expected " + check.status())
                + (outputOk ? "" : (statusOk ? "" : "; ") + "output lacks \"" + check.output() + "\"")
                + (output.isBlank() ? "" : "\n" + output.strip());
        return new CheckResult(check.name(), statusOk && outputOk, ms(t0), detail);
    }

    /**
     * Enables and starts the unit unless it is active already, then requires "active"; a
     * failure carries the unit's status and its last journal lines.
     */
    public CheckResult unit(String unit) throws RackerException, IOException, InterruptedException {
        long t0 = System.nanoTime();
        String script = "systemctl is-active --quiet \"$1\" || systemctl enable --now \"$1\"; "
                + "systemctl is-active \"$1\"";
        RunningContainer.ExecResult r = container.execCaptured(List.of("/bin/sh", "-c", script, "check-unit", unit));
        boolean active = r.exitCode() == 0 && r.stdout().strip().equals("active");
        if (active) {
            return new CheckResult("unit " + unit, true, ms(t0), "active");
        }
        RunningContainer.ExecResult status = container.execCaptured(
                List.of("systemctl", "status", "--no-pager", "--lines=0", unit));
        RunningContainer.ExecResult journal = container.execCaptured(
                List.of("journalctl", "--no-pager", "--lines=20", "--unit", unit));
        return new CheckResult("unit " + unit, false, ms(t0), "unit " + unit + " is "
                + (r.stdout().strip().isEmpty() ? "not active" : r.stdout().strip())
                + (r.stderr().isBlank() ? "" : ": " + r.stderr().strip()) + "\n--- status\n" + status.stdout().strip()
                + "\n--- journal\n" + journal.stdout().strip());
    }

    /**
     * Waits until {@code target} answers within {@code timeout}: tcp://host:port accepts a
     * connection, or http(s):// gives any response but a server error (5xx) — or exactly
     * {@code expectStatus} when one is given.
     */
    public CheckResult network(String target, Duration timeout, Integer expectStatus)
            throws RackerException, IOException, InterruptedException {
        long t0 = System.nanoTime();
        URI uri = URI.create(target);
        String scheme = uri.getScheme();
        long deadline = t0 + timeout.toNanos();
        String last = "";
        while (true) {
            if ("tcp".equals(scheme)) {
                RunningContainer.ExecResult r = container.execCaptured(List.of("/bin/bash", "-c",
                        "exec 3<>\"/dev/tcp/$1/$2\"", "check-tcp",
                        // minimal images may lack a localhost entry in /etc/hosts
                        uri.getHost().equals("localhost") ? "127.0.0.1" : uri.getHost(), Integer.toString(uri.getPort())));
                if (r.exitCode() == 0) {
                    return new CheckResult("network " + target, true, ms(t0), "connected");
                }
                last = r.stderr().strip();
            } else {
                RunningContainer.ExecResult r = container.execCaptured(List.of("curl", "--silent", "--insecure",
                        "--max-time", "2", "--output", "/dev/null", "--write-out", "%{http_code}", target));
                String code = r.stdout().strip();
                if (r.exitCode() == 0 && code.matches("\\d{3}") && !code.equals("000")) {
                    int status = Integer.parseInt(code);
                    boolean ok = expectStatus != null ? status == expectStatus : status < 500;
                    if (ok) {
                        return new CheckResult("network " + target, true, ms(t0), "HTTP " + status);
                    }
                    last = "HTTP " + status + (expectStatus != null ? " (expected " + expectStatus + ")" : "");
                } else {
                    last = "no answer (curl exit " + r.exitCode() + ")";
                }
            }
            if (System.nanoTime() >= deadline) {
                return new CheckResult("network " + target, false, ms(t0), target + " did not answer within "
                        + timeout.toSeconds() + " s: " + (last.isEmpty() ? "connection refused" : last));
            }
            Thread.sleep(100);
        }
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}

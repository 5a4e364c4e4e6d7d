package org.racker.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.racker.RackerException;
import org.racker.api.Command;
import org.racker.api.ExecResult;
import org.racker.api.WaitStrategy;
import org.racker.api.WaitTarget;
import org.racker.api.WaitTimeoutException;

/**
 * Checks run inside a booted probe machine (a container or a VM) through its own service
 * manager and tools, so they see the machine's network, whether it shares the host's or has
 * its own. Unit and network checks are the API's {@link WaitStrategy}s, reported as check results.
 */
public final class ContainerChecks {
    /** A wait that looks once: for states that are settled when the look is made. */
    private static final Duration ONE_LOOK = Duration.ofMillis(1);
    /**
     * How long a unit must have been active to pass at the first look: a service that fails
     * as it starts (its program missing, a bad option) has failed by then. Units the boot
     * started have been active longer by the time a probe looks.
     */
    static final Duration SETTLED = Duration.ofMillis(25);

    private final ProbeMachine container;
    private final WaitTarget target;

    public ContainerChecks(ProbeMachine container) {
        this.container = container;
        this.target = new Target(container);
    }

    /** Runs a command; passes when it exits 0. */
    public CheckResult command(String name, List<String> command)
            throws RackerException, IOException, InterruptedException {
        long t0 = System.nanoTime();
        ProbeMachine.Output r = container.run(command);
        String detail = (r.stdout() + r.stderr()).strip();
        return new CheckResult(name, r.exitCode() == 0, ms(t0), r.exitCode() == 0 ? detail
                : "exit status " + r.exitCode() + (detail.isEmpty() ? "" : "\n" + detail));
    }

    /** Runs {@code check}'s shell command; passes on its exit status and, when asked, its output. */
    public CheckResult command(CommandCheck check) throws RackerException, IOException, InterruptedException {
        long t0 = System.nanoTime();
        ProbeMachine.Output r = container.run(List.of("/bin/sh", "-c", check.run()));
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
     * Enables and starts the unit unless it is active already, then requires it active and
     * settled: active for at least {@link #SETTLED} by the machine's own clock. A simple
     * service reads active the moment its process is forked, even one that fails a few
     * milliseconds later; a unit active for less than that is looked at again once it has
     * been. One exec when the unit was settled already (started at boot, say); a failure
     * carries the unit's status and its last journal lines.
     */
    public CheckResult unit(String unit) throws RackerException, IOException, InterruptedException {
        long t0 = System.nanoTime();
        // the unit's state and since when (CLOCK_MONOTONIC, microseconds), and the machine's
        // uptime to compare with, all in the one exec that starts the unit if need be; one
        // systemctl call where the unit is active already
        String show = "systemctl show -p ActiveState -p ActiveEnterTimestampMonotonic \"$1\"";
        String script = "r=0; s=$(" + show + "); case \"$s\" in *ActiveState=active*) ;;"
                + " *) systemctl enable --now \"$1\"; r=$?; s=$(" + show + ") ;; esac;"
                + " echo \"$s\"; cat /proc/uptime; exit $r";
        // systemctl only asks the container's systemd: no need to start it as a service of its own
        ProbeMachine.Output r = container.run(List.of("/bin/sh", "-c", script, "check-unit", unit), false);
        java.util.OptionalLong activeFor = UnitState.activeForMicros(r.stdout());
        if (activeFor.isPresent() && activeFor.getAsLong() >= SETTLED.toNanos() / 1000) {
            return new CheckResult("unit " + unit, true, ms(t0), "active");
        }
        if (activeFor.isPresent()) {
            Thread.sleep(SETTLED.toMillis() - activeFor.getAsLong() / 1000);
        }
        try {
            String state = WaitStrategy.unitActive(unit).withTimeout(ONE_LOOK).await(target);
            return new CheckResult("unit " + unit, true, ms(t0), state);
        } catch (WaitTimeoutException e) {
            return new CheckResult("unit " + unit, false, ms(t0), "unit " + unit + " is "
                    + (e.lastSeen().isEmpty() ? "not active" : e.lastSeen())
                    + (r.stderr().isBlank() ? "" : ": " + r.stderr().strip()) + "\n" + e.details());
        }
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
        WaitStrategy wait = "tcp".equals(uri.getScheme()) ? WaitStrategy.tcpConnect(uri.getHost(), uri.getPort())
                : expectStatus != null ? WaitStrategy.httpStatus(target, expectStatus) : WaitStrategy.httpAnswer(target);
        try {
            String seen = wait.withTimeout(timeout).await(this.target);
            return new CheckResult("network " + target, true, ms(t0), seen);
        } catch (WaitTimeoutException e) {
            return new CheckResult("network " + target, false, ms(t0), target + " did not answer within "
                    + timeout.toSeconds() + " s: " + (e.lastSeen().isEmpty() ? "connection refused" : e.lastSeen()));
        }
    }

    /** A probe's machine as the API's wait strategies see one. */
    private static final class Target implements WaitTarget {
        private final ProbeMachine container;

        Target(ProbeMachine container) {
            this.container = container;
        }

        @Override
        public String name() {
            return container.name();
        }

        @Override
        public boolean isRunning() {
            return container.isRunning();
        }

        @Override
        public long leaderPid() {
            return container.leaderPid();
        }

        @Override
        public ExecResult exec(Command command) throws RackerException, InterruptedException {
            try {
                ProbeMachine.Output r = container.run(command.arguments(), command.serviceManager());
                return new ExecResult(r.exitCode(), r.stdout().getBytes(StandardCharsets.UTF_8),
                        r.stderr().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new RackerException("cannot run " + command + " in " + container.name() + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String logs() throws RackerException, InterruptedException {
            return exec(Command.of("journalctl", "--no-pager", "--quiet", "--boot", "--output=short-precise"))
                    .stdoutText();
        }
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}

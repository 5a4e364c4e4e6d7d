package org.racker.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * bench/api-exec.sh's program: {@code Container.exec("true")} on a booted container against
 * the command line it runs underneath (nsenter into the container's leader and its own
 * {@code systemd-run --wait --pipe}), started from the same JVM. Runs alternate, so the
 * machine's noise hits both alike; it prints the medians and their ratio.
 * Arguments: the state root, the root directory to boot, the number of runs.
 */
public final class ExecBench {
    private static final String HOSTNAME = "exec-bench";

    private ExecBench() { }

    public static void main(String[] args) throws Exception {
        Path state = Path.of(args[0]);
        Path rootfs = Path.of(args[1]);
        int runs = Integer.parseInt(args[2]);
        try (Container c = Racker.withRoot(state).start(ContainerConfig.builder(Image.directory(rootfs))
                .hostname(HOSTNAME).build())) {
            List<String> byHand = List.of("nsenter", "--target=" + c.leaderPid(), "--all", "--", "systemd-run",
                    "--wait", "--quiet", "--collect", "--pipe", "--", "/usr/bin/env", "HOME=/root",
                    "HOSTNAME=" + HOSTNAME, "true");
            // the first of each pays for loading classes and warming the container's manager
            apiExec(c);
            handExec(byHand);
            long[] api = new long[runs];
            long[] hand = new long[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                handExec(byHand);
                hand[i] = System.nanoTime() - t0;
                t0 = System.nanoTime();
                apiExec(c);
                api[i] = System.nanoTime() - t0;
            }
            double a = medianMillis(api);
            double h = medianMillis(hand);
            System.out.printf("runs: %d (medians)%n", runs);
            System.out.printf("floor (nsenter + systemd-run from the same JVM): %.1f ms%n", h);
            System.out.printf("Container.exec(\"true\"):                        %.1f ms%n", a);
            System.out.printf("ratio API/floor:                                 %.2f  (goal <= 1.50)%n", a / h);
        }
    }

    private static void apiExec(Container c) throws Exception {
        ExecResult r = c.exec("true");
        if (r.exitCode() != 0) {
            throw new IllegalStateException("exec true exited " + r.exitCode() + ": " + r.stderrText());
        }
    }

    private static void handExec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int status = p.waitFor();
        if (status != 0) {
            throw new IllegalStateException("the exec by hand exited " + status + ": " + command);
        }
    }

    private static double medianMillis(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e6;
    }
}

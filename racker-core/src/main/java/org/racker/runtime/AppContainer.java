package org.racker.runtime;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.fs.RootedFiles;
import org.racker.runtime.exec.CommandEnvironment;
import org.racker.runtime.exec.ContainerUser;
import org.racker.runtime.exec.EnvironmentVariable;
import org.racker.runtime.exec.ExecRequest;
import org.racker.runtime.exec.ExecutableLookup;
import org.racker.runtime.exec.Stdio;
import org.racker.runtime.logs.NspawnNoiseFilter;
import org.racker.runtime.logs.OutputRelay;
import org.racker.runtime.process.ContainerCgroup;
import org.racker.runtime.process.HostMode;

/**
 * A container without an init: nspawn runs the command itself (behind its stub init, as
 * docker's --init would), with the user's stdio. Used for application images.
 */
final class AppContainer {
    private AppContainer() { }

    /** Checks the command and builds nspawn's argument list; throws what docker would exit with. */
    static List<String> commandLine(Path nspawnBinary, ContainerSpec spec, String machineName, String hostname,
            HostMode hostMode, boolean dieWithRacker, Path etcHosts) throws RackerException {
        RootedFiles root = new RootedFiles(spec.rootfs());
        ExecutableLookup.require(spec.execRequest(), spec.rootfs(), spec.volumes());
        ExecRequest request = spec.execRequest();
        List<String> args = NspawnCommandLine.prefix(nspawnBinary, dieWithRacker, spec);
        args.addAll(NspawnCommandLine.common(spec, machineName, hostname, hostMode, null, etcHosts));
        args.add("--as-pid2");
        if (request.user() != null) {
            ContainerUser user = ContainerUser.resolve(spec.rootfs(), request.user());
            if (user.listed() && !request.user().contains(":")) {
                args.add("--user=" + request.user());
            } else {
                // nspawn's --user takes neither a group nor ids its passwd does not list
                request = user.throughSetpriv(request, root, spec.image());
            }
        }
        args.add("--console=" + consoleMode(spec));
        List<EnvironmentVariable> vars = CommandEnvironment.of(request, hostname);
        boolean hasEnv = root.exists("/usr/bin/env");
        boolean hasShell = root.exists("/bin/sh");
        String workdir = spec.workingDirectory();
        boolean workdirExists = workdir == null || spec.volumes().stream().anyMatch(v -> v.covers(workdir))
                || root.isDirectory(workdir);
        if (workdir != null && workdirExists) {
            args.add("--chdir=" + workdir);
        }
        if (!hasEnv) {
            for (EnvironmentVariable v : vars) {
                if (!v.isPortableName()) {
                    throw new InvalidArgumentException("environment variable name \"" + v.name()
                            + "\" needs /usr/bin/env in the image, which it lacks; use a name of letters, digits and _");
                }
                args.add("--setenv=" + v.assignment());
            }
        }
        args.add("--");
        if (!workdirExists) {
            if (!hasShell) {
                throw new InvalidArgumentException("working directory " + workdir
                        + " does not exist in the image and it has no /bin/sh to create it; choose an existing -w");
            }
            args.add("/bin/sh");
            args.add("-c");
            args.add("mkdir -p -- \"$0\" && cd -- \"$0\" && exec \"$@\"");
            args.add(workdir);
        }
        args.addAll(hasEnv ? CommandEnvironment.envWrapped(vars, request.command()) : request.command());
        return args;
    }

    /**
     * For a container that keeps running in the background ({@code run -d}, or started by the
     * library): no terminal, and SIGTERM to nspawn becomes a poweroff request to the stub
     * init, which passes SIGTERM and SIGHUP on to the command.
     */
    static List<String> backgroundCommandLine(Path nspawnBinary, ContainerSpec spec, String machineName,
            String hostname, HostMode hostMode, boolean dieWithRacker, Path etcHosts) throws RackerException {
        List<String> args = commandLine(nspawnBinary, spec, machineName, hostname, hostMode, dieWithRacker, etcHosts);
        // nspawn's own "--", not the one of the launcher before it
        int nspawnAt = args.indexOf(nspawnBinary.toString());
        int end = nspawnAt + args.subList(nspawnAt, args.size()).indexOf("--");
        // with -t, the command's terminal is a pty whose output nspawn writes to the log file
        // and whose input stays open (run -dit)
        args.set(args.indexOf("--console=" + consoleMode(spec)), spec.tty() ? "--console=read-only" : "--console=pipe");
        args.add(end, "--kill-signal=SIGRTMIN+4");
        return args;
    }

    private static String consoleMode(ContainerSpec spec) {
        return spec.tty() ? (spec.interactive() ? "interactive" : "read-only") : "pipe";
    }

    /**
     * Starts nspawn with the user's stdio. When the caller wants stderr inherited, it is
     * pumped through {@link NspawnNoiseFilter} instead; with {@code keep}, both output
     * streams are relayed and kept there (see {@link OutputRelay}).
     */
    static Started start(List<String> nspawnArgs, String machineName, HostMode hostMode, boolean systemCallFilter,
            Stdio stdio, org.racker.output.OutputLog keep) throws IOException {
        List<String> args = nspawnArgs;
        if (hostMode == HostMode.STANDALONE) {
            ContainerCgroup cgroup = ContainerCgroup.forMachine(machineName);
            cgroup.create();
            args = cgroup.wrap(args);
        }
        if (keep != null) {
            ProcessBuilder kept = new ProcessBuilder(args).redirectInput(stdio.in()).redirectOutput(Redirect.PIPE)
                    .redirectError(Redirect.PIPE);
            NspawnCommandLine.environment(kept.environment(), systemCallFilter);
            Process process = kept.start();
            OutputRelay relay = OutputRelay.start(process, keep, true);
            return new Started(process, () -> relay.finish(DRAIN_MILLIS));
        }
        boolean filterStderr = stdio.err() == Redirect.INHERIT;
        ProcessBuilder pb = new ProcessBuilder(args)
                .redirectInput(stdio.in())
                .redirectOutput(stdio.out())
                .redirectError(filterStderr ? Redirect.PIPE : stdio.err());
        NspawnCommandLine.environment(pb.environment(), systemCallFilter);
        Process process = pb.start();
        if (!filterStderr) {
            return new Started(process, () -> { });
        }
        Thread pump = new Thread(new NspawnNoiseFilter(process.getErrorStream(),
                new FileOutputStream(FileDescriptor.err)), "stderr-" + process.pid());
        pump.setDaemon(true);
        pump.start();
        return new Started(process, () -> pump.join(DRAIN_MILLIS));
    }

    /** How long the last bytes of a command that ended may take to be delivered. */
    private static final long DRAIN_MILLIS = 5000;

    /** Waits for what is still being copied from a container that ended. */
    interface Drain {
        void await() throws InterruptedException;
    }

    /** The nspawn process and what copies its output through racker, if anything does. */
    record Started(Process process, Drain drain) {
        /** Waits for the container to end and for its last output to be delivered. */
        int waitFor() throws InterruptedException {
            int code = process.waitFor();
            drain.await();
            return code;
        }
    }
}

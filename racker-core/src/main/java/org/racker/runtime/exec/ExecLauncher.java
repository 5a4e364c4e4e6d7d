package org.racker.runtime.exec;

import org.racker.EventLog;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.racker.InvalidArgumentException;
import org.racker.RackerException;
import org.racker.fs.RootedFiles;

/**
 * Starts one command in a running container: the only way racker does, for {@code run}'s
 * command in a booted container, {@code exec}, the probes and the library. Docker's rules
 * apply the same on every path: the container's environment under the command's, a user
 * the container lacks refused before anything runs, a missing working directory created.
 */
public final class ExecLauncher {
    private final EventLog log;

    public ExecLauncher(EventLog log) {
        this.log = log;
    }

    /** Starts {@code request} with {@code stdio}; the caller waits for the process. */
    public Process start(ExecTarget target, ExecRequest request, Stdio stdio) throws RackerException, IOException {
        return start(target, request, stdio, null, false, true);
    }

    /**
     * Starts {@code request} as a plain process entered into the container, even a booted
     * one: not through its service manager, as an app container's commands always run.
     */
    public Process startDirectly(ExecTarget target, ExecRequest request, Stdio stdio)
            throws RackerException, IOException {
        return start(target, request, stdio, null, false, false);
    }

    /**
     * Starts {@code request} and leaves it running, as docker's {@code exec -d}: in a booted
     * container as a transient service of its own (its output goes to the container's
     * journal), in an app container as a process with no standard streams. For a booted
     * container the returned process ends once the service has started; wait for it there.
     */
    public Process startDetached(ExecTarget target, ExecRequest request) throws RackerException, IOException {
        String unit = target.booted() ? "racker-exec-" + java.util.HexFormat.of().formatHex(
                org.racker.host.KernelRandom.bytes(6)) : null;
        return start(target, request, Stdio.detached(), unit, false, true);
    }

    /**
     * @param unit in a booted container, run the command as a lasting transient service of
     *     this name; the process then ends once the service has started
     * @param endsContainer the container ends when that service does, with its exit status
     */
    public Process start(ExecTarget target, ExecRequest request, Stdio stdio, String unit, boolean endsContainer)
            throws RackerException, IOException {
        return start(target, request, stdio, unit, endsContainer, true);
    }

    private Process start(ExecTarget target, ExecRequest request, Stdio stdio, String unit, boolean endsContainer,
            boolean throughServiceManager) throws RackerException, IOException {
        request = withContainerEnvironment(target, request);
        RootedFiles live = new RootedFiles(target.liveRoot());
        if (request.workingDirectory() == null && target.workingDirectory() != null
                && (target.booted() || live.exists("/bin/sh"))) {
            // docker's exec starts in the container's working directory; an app image without a
            // shell to change into it starts in its root, as it always did
            request = new ExecRequest(request.command(), request.environment(), target.workingDirectory(),
                    request.user(), request.interactive(), request.tty());
        }
        // read from the container's files as they are now (a booted one's overlay may have
        // added users), so a missing user is refused in docker's words rather than by a bare
        // status 217 from systemd-run
        ContainerUser user = request.user() == null ? null : ContainerUser.resolve(target.liveRoot(), request.user());
        String workdir = request.workingDirectory();
        if (target.booted() && throughServiceManager) {
            if (user != null && !user.listed()) {
                // systemd runs commands only as users the image's passwd and group list
                request = user.throughSetpriv(request, live, "container " + target.name());
            }
            boolean workdirExists = workdir == null || target.underVolume(workdir) || live.isDirectory(workdir);
            List<String> args = ExecCommandLine.of(request, target.hostMode(), target.machineName(),
                    target.leaderPid(), target.hostname(), workdirExists, unit, endsContainer);
            return start(new ProcessBuilder(args), stdio);
        }
        if (unit != null) {
            throw new IllegalArgumentException("a container without systemd runs no services");
        }
        if (workdir != null && !live.exists("/bin/sh")) {
            throw new InvalidArgumentException("exec -w needs /bin/sh in the image of " + target.name()
                    + ", which has none; leave out -w and give the command absolute paths");
        }
        List<String> command = ExecCommandLine.app(request, target.leaderPid(), user);
        boolean relay = request.tty() && stdio.out() == Redirect.INHERIT;
        if (relay) {
            // a session of its own whose controlling terminal is the container's pty
            command = new ArrayList<>(command);
            command.addAll(0, List.of("setsid", "--ctty"));
        }
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(ExecCommandLine.appEnvironment(request, target.hostname(), user));
        if (relay) {
            log.debug("exec: " + CommandLines.render(pb.command()) + " on a terminal of the container's own");
            return TerminalRelay.start(pb, ContainerPty.open(target.liveRoot()), request.interactive());
        }
        return start(pb, stdio);
    }

    /**
     * The command line of {@link ExecCommandLine#entering}: a command appended to it runs as
     * root in the container, with the container's environment, outside this JVM.
     *
     * @param leaderFile null: the line names the container's init by its pid, good while the
     *     container runs; else the file the line reads that pid from when it starts
     */
    public List<String> commandPrefix(ExecTarget target, java.nio.file.Path leaderFile) {
        ExecRequest request = withContainerEnvironment(target,
                new ExecRequest(List.of("true"), List.of(), null, null, false, false));
        List<String> args = ExecCommandLine.entering(request, target.leaderPid(), leaderFile, target.hostname());
        log.debug("exec prefix: " + CommandLines.render(args));
        return args;
    }

    private Process start(ProcessBuilder pb, Stdio stdio) throws IOException {
        log.debug("exec: " + CommandLines.render(pb.command()));
        return pb.redirectInput(stdio.in()).redirectOutput(stdio.out()).redirectError(stdio.err()).start();
    }

    /** As docker does: the command sees the container's environment under its own. */
    private static ExecRequest withContainerEnvironment(ExecTarget target, ExecRequest request) {
        if (target.environment().isEmpty()) {
            return request;
        }
        Map<String, EnvironmentVariable> vars = new LinkedHashMap<>();
        for (EnvironmentVariable v : target.environment()) {
            vars.put(v.name(), v);
        }
        for (EnvironmentVariable v : request.environment()) {
            vars.remove(v.name()); // the command's own value, in its own place
            vars.put(v.name(), v);
        }
        return new ExecRequest(request.command(), List.copyOf(vars.values()), request.workingDirectory(),
                request.user(), request.interactive(), request.tty());
    }
}

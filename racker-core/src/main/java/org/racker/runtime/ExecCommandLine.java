package org.racker.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command that runs one {@link ExecRequest} inside a booted container, through the
 * container's own service manager: the command gets a clean service environment and its
 * exit status comes back, as with {@code systemd-run --machine=}. Without machined, racker
 * enters the container's namespaces with nsenter and runs the container's own systemd-run.
 */
final class ExecCommandLine {
    private ExecCommandLine() { }

    /**
     * @param workdirExists whether the working directory is known to exist in the container;
     *     when not, a shell creates it first, as docker's {@code -w} does
     */
    static List<String> of(ExecRequest request, HostMode hostMode, String machineName, long leaderPid,
            String hostname, boolean workdirExists) {
        return of(request, hostMode, machineName, leaderPid, hostname, workdirExists, null);
    }

    /** With {@code unit}: a lasting service of that name, started without waiting for it. */
    static List<String> of(ExecRequest request, HostMode hostMode, String machineName, long leaderPid,
            String hostname, boolean workdirExists, String unit) {
        List<String> args = new ArrayList<>();
        // A terminal always comes from the container's own systemd-run (entered with nsenter),
        // even with machined: systemd-run --machine=NAME --pty in systemd 252.39 (Debian 12)
        // opens the pty by its path in the caller's mount namespace, so the command gets the
        // host's /dev/pts/N, often a different terminal, and tty(1) says "not a tty"
        // (upstream: systemd PR #33228). The container's systemd-run allocates it in the
        // container's own devpts.
        if (hostMode == HostMode.MACHINED && !request.tty()) {
            args.add("systemd-run");
            args.add("--machine=" + machineName);
        } else {
            args.add("nsenter");
            args.add("--target=" + leaderPid);
            args.add("--all");
            args.add("--");
            args.add("systemd-run");
        }
        if (unit != null) {
            args.add("--quiet");
            args.add("--unit=" + unit);
            args.add("--service-type=exec");
        } else {
            args.add("--wait");
            args.add("--quiet");
            args.add("--collect");
            args.add(request.tty() ? "--pty" : "--pipe");
        }
        if (request.user() != null) {
            String[] userGroup = request.user().split(":", 2);
            args.add("--uid=" + userGroup[0]);
            if (userGroup.length == 2) {
                args.add("--gid=" + userGroup[1]);
            }
        }
        Optional<String> workdir = Optional.ofNullable(request.workingDirectory());
        if (workdir.isPresent() && workdirExists) {
            args.add("--working-directory=" + workdir.get());
        }
        args.add("--");
        List<String> command = CommandEnvironment.envWrapped(
                CommandEnvironment.of(request, hostname), request.command());
        if (workdir.isPresent() && !workdirExists) {
            args.add("/bin/sh");
            args.add("-c");
            args.add("mkdir -p -- \"$0\" && cd -- \"$0\" && exec \"$@\"");
            args.add(workdir.get());
        }
        args.addAll(command);
        return args;
    }
}

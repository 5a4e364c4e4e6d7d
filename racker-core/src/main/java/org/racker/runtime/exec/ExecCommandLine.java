package org.racker.runtime.exec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.racker.runtime.process.HostMode;

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
        return of(request, hostMode, machineName, leaderPid, hostname, workdirExists, null, false);
    }

    /**
     * With {@code unit}: a lasting service of that name, started without waiting for it; with
     * {@code endsContainer} too, the container's systemd exits when it ends, passing on its
     * exit status (a container given a command lives as long as that command, as docker's).
     */
    static List<String> of(ExecRequest request, HostMode hostMode, String machineName, long leaderPid,
            String hostname, boolean workdirExists, String unit, boolean endsContainer) {
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
            if (endsContainer) {
                // a command that ends at once ends the container while systemd-run still waits
                // for its job over the bus, and systemd-run then fails though the command ran;
                // the command was checked before the boot, so not waiting loses nothing
                args.add("--no-block");
                // "exit" hands the main process's status to nspawn (systemd 240 on)
                args.add("--property=SuccessAction=exit");
                args.add("--property=FailureAction=exit");
            }
            if (request.tty()) {
                // run -dit: the container's console is the command's terminal (see NspawnCommandLine)
                args.add("--property=StandardInput=tty-force");
                args.add("--property=StandardOutput=inherit");
                args.add("--property=StandardError=inherit");
                args.add("--property=TTYPath=/dev/console");
            }
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
        List<String> command = new ArrayList<>();
        if (workdir.isPresent() && !workdirExists) {
            command.add("/bin/sh");
            command.add("-c");
            command.add("mkdir -p -- \"$0\" && cd -- \"$0\" && exec \"$@\"");
            command.add(workdir.get());
        }
        command.addAll(CommandEnvironment.envWrapped(CommandEnvironment.of(request, hostname), request.command()));
        // the service manager substitutes $NAME and ${NAME} in a unit's command line from its
        // own environment ("$$" is a "$"); docker passes arguments and -e values as they are
        // (systemd-run --expand-environment=no would say so, but only from systemd 254 on)
        for (String arg : command) {
            args.add(arg.replace("$", "$$"));
        }
        return args;
    }

    /**
     * In a container without systemd: nsenter joins its namespaces and root directly, as
     * docker exec does. The environment comes with the process (see {@link #appEnvironment}),
     * so images without /usr/bin/env work too; nsenter itself reports a missing command with
     * 127 and one it cannot execute with 126. The command starts in the container's root
     * directory, or in {@code -w DIR} (made if missing) by way of the image's /bin/sh.
     */
    static List<String> app(ExecRequest request, long leaderPid, ContainerUser user) {
        List<String> args = new ArrayList<>(List.of("nsenter", "--target=" + leaderPid, "--all", "--root"));
        if (user != null) {
            args.add("--setgid=" + user.gid());
            args.add("--setuid=" + user.uid());
        }
        args.add("--");
        String workdir = request.workingDirectory();
        if (workdir != null) {
            // not nsenter's --wd=DIR: it opens DIR before entering, i.e. the host's directory
            args.add("/bin/sh");
            args.add("-c");
            args.add("mkdir -p -- \"$0\" && cd -- \"$0\" && exec \"$@\"");
            args.add(workdir);
        }
        args.addAll(request.command());
        return args;
    }

    /**
     * A command line that runs whatever is appended to it, verbatim, as root in the
     * container's namespaces and root directory, with a clean environment ({@code env -i}
     * and the variables of {@link #appEnvironment}): for callers outside the JVM that append
     * argument lists of their own. Not through the container's systemd-run, even in a booted
     * container: it substitutes {@code $NAME} in every argument, which a caller appending
     * shell scripts cannot escape. nsenter passes the command's exit status through and dies
     * of the signal that killed it.
     *
     * @param leaderFile null: enter {@code leaderPid}; else a file holding the pid of the
     *     container's init, read when the command starts (a shell's {@code read}, no extra
     *     process); a missing file fails with 255
     */
    static List<String> entering(ExecRequest request, long leaderPid, Path leaderFile, String hostname) {
        List<String> args = new ArrayList<>();
        if (leaderFile == null) {
            args.addAll(List.of("nsenter", "--target=" + leaderPid));
        } else {
            args.addAll(List.of("/bin/sh", "-c", "read -r pid < \"$0\" || exit 255; exec nsenter --target=\"$pid\" \"$@\"",
                    leaderFile.toString()));
        }
        args.addAll(List.of("--all", "--root", "--", "/usr/bin/env", "-i"));
        for (java.util.Map.Entry<String, String> v : appEnvironment(request, hostname, null).entrySet()) {
            args.add(v.getKey() + "=" + v.getValue());
        }
        return args;
    }

    /** The whole environment of an app-mode exec: docker's defaults, then the request's. */
    static java.util.Map<String, String> appEnvironment(ExecRequest request, String hostname, ContainerUser user) {
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("PATH", ExecutableLookup.DEFAULT_PATH);
        if (user != null) {
            env.put("HOME", user.home());
        }
        for (EnvironmentVariable v : CommandEnvironment.of(request, hostname)) {
            env.put(v.name(), v.value());
        }
        return env;
    }
}

package org.racker.runtime.network;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The slirp4netns argument list for one private network. The process is set up so that
 * nothing about its life depends on racker: its own session (a Ctrl-C or hang-up meant for
 * racker does not reach it), the container's cgroup where there is one (whoever kills the
 * container's processes kills it too), and the container's lifeline as its exit descriptor
 * (it ends when nspawn does, also after racker has gone). Readiness comes on a descriptor
 * of its own, so racker waits for an event, never for a fixed time.
 */
final class Slirp4netnsCommandLine {
    /** The exit descriptor is stdin, opened on the lifeline FIFO; readiness is written to fd 3. */
    static final int EXIT_FD = 0;
    static final int READY_FD = 3;
    static final String TAP = "tap0";
    /** The largest MTU slirp4netns takes but one, as podman and rootlesskit use: far fewer packets. */
    static final int MTU = 65520;

    private Slirp4netnsCommandLine() { }

    /**
     * slirp4netns itself, attached to the network namespace of {@code leaderPid}; with
     * {@code apiSocket} (a name relative to its working directory, for published ports) it
     * listens there for requests. Without published ports there is no socket to serve.
     */
    static List<String> slirp4netns(Path binary, long leaderPid, String apiSocket) {
        List<String> args = new ArrayList<>(List.of(binary.toString(),
                "--configure",
                "--mtu=" + MTU,
                // 10.0.2.2 would otherwise be the host's 127.0.0.1: a private network must not
                // reach the host's loopback services
                "--disable-host-loopback",
                // slirp4netns runs as root and parses the container's packets: give it an empty
                // root, no capabilities but binding low ports, and a syscall filter (podman does)
                "--enable-sandbox",
                "--enable-seccomp",
                "--exit-fd=" + EXIT_FD,
                "--ready-fd=" + READY_FD));
        if (apiSocket != null) {
            args.add("--api-socket=" + apiSocket);
        }
        args.add(Long.toString(leaderPid));
        args.add(TAP);
        return args;
    }

    /**
     * {@code slirp4netns} behind a shell that wires its descriptors and then becomes it: stdin
     * from the lifeline (the exit descriptor), fd 3 to the caller's stdout pipe (readiness),
     * stdout to stderr (its log). A new session on top.
     */
    static List<String> launch(Path lifeline, List<String> slirp4netns) {
        List<String> args = new ArrayList<>(List.of("setsid", "/bin/sh", "-c",
                "f=$1; shift; exec \"$@\" <\"$f\" " + READY_FD + ">&1 1>&2", "racker-slirp4netns",
                lifeline.toString()));
        args.addAll(slirp4netns);
        return args;
    }
}

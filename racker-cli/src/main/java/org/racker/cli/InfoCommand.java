package org.racker.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.racker.api.HostFacts;
import org.racker.api.Racker;
import picocli.CommandLine.Model.CommandSpec;

/** {@code racker info}: what this host offers, and why racker cannot work here if it cannot. */
public final class InfoCommand implements Callable<Integer> {
    private final RackerCommand parent;

    InfoCommand(RackerCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        return CommandModel.of(this, "info", "Show what the host offers for containers; exit 1 when racker cannot work"
                + " here.").spec();
    }

    @Override
    public Integer call() {
        HostFacts host = Racker.hostFacts();
        PrintWriter out = parent.spec.commandLine().getOut();
        out.println("racker version:     " + BuildInfo.current().version());
        out.println("state root:         " + parent.global.root);
        out.println("running as root:    " + yesNo(host.root()));
        out.println("systemd-nspawn:     " + host.nspawn().map(p -> p + host.nspawnVersion().map(v -> " (" + v + ")").orElse(""))
                .orElse("not found"));
        out.println("systemd as PID 1:   " + yesNo(host.systemdPid1()));
        out.println("machined:           " + (host.machined()
                ? "yes (containers are registered; commands run with systemd-run --machine)"
                : "no (containers run unregistered; commands enter them with nsenter)"));
        out.println("cgroups:            " + host.cgroupLayout());
        out.println("overlayfs:          " + yesNo(host.overlayfs()));
        out.println("/dev/kvm:           " + yesNo(host.kvm()));
        out.println("slirp4netns:        " + host.slirp4netns().map(p -> p + " (--network private)")
                .orElse("not found (no --network private)"));
        out.flush();
        if (host.unsupportedReason().isPresent()) {
            PrintWriter err = parent.spec.commandLine().getErr();
            err.println("racker: cannot run containers here: " + host.unsupportedReason().get());
            err.flush();
            return ExitCodes.CHECK_FAILED;
        }
        return 0;
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }
}

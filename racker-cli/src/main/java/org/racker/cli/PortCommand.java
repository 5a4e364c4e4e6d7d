package org.racker.cli;

import static org.racker.cli.CommandModel.positional;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.racker.InvalidArgumentException;
import org.racker.api.PublishedPort;
import picocli.CommandLine.Model.CommandSpec;

/** {@code racker port}: a container's published ports, as docker prints them. */
public final class PortCommand implements Callable<Integer> {
    private final RackerCommand parent;
    String container;
    String privatePort;

    PortCommand(RackerCommand parent) {
        this.parent = parent;
    }

    CommandSpec model() {
        return CommandModel.of(this, "port", "List a container's published ports, or the host address of one of them.")
                .add(positional(String.class, v -> container = v).index("0").paramLabel("CONTAINER"))
                .add(positional(String.class, v -> privatePort = v).index("1").arity("0..1")
                        .paramLabel("PRIVATE_PORT[/PROTO]"))
                .spec();
    }

    @Override
    public Integer call() throws Exception {
        String wanted = privatePort == null ? null : containerKey(privatePort);
        PrintWriter out = parent.spec.commandLine().getOut();
        // as docker: a container that is not running has no ports to show
        boolean found = false;
        for (PublishedPort p : ContainerArgs.containers(parent).find(container).boundPorts()) {
            if (wanted == null) {
                out.println(p.containerKey() + " -> " + p.hostAddress());
            } else if (p.containerKey().equals(wanted)) {
                out.println(p.hostAddress());
                found = true;
            }
        }
        out.flush();
        if (wanted != null && !found) {
            // docker's words and status
            parent.spec.commandLine().getErr().println("racker: No public port '" + wanted + "' published for "
                    + container);
            parent.spec.commandLine().getErr().flush();
            return 1;
        }
        return 0;
    }

    /** {@code 80} or {@code 80/udp} as docker's key {@code 80/tcp}. */
    private static String containerKey(String value) throws InvalidArgumentException {
        String[] parts = value.toLowerCase(Locale.ROOT).split("/", -1);
        boolean valid = parts.length <= 2 && parts[0].matches("[0-9]{1,5}") && Integer.parseInt(parts[0]) > 0
                && Integer.parseInt(parts[0]) <= 65535 && (parts.length == 1 || parts[1].equals("tcp")
                || parts[1].equals("udp"));
        if (!valid) {
            throw new InvalidArgumentException("invalid port " + InvalidArgumentException.quoted(value)
                    + ": give a container port such as 80 or 53/udp");
        }
        return Integer.parseInt(parts[0]) + "/" + (parts.length == 2 ? parts[1] : "tcp");
    }
}

package org.racker.runtime;

import java.util.List;

/** One command to run inside a container, with docker's exec/run options. */
public record ExecRequest(
        List<String> command,
        List<EnvironmentVariable> environment,
        String workingDirectory,
        boolean interactive,
        boolean tty) {

    public ExecRequest {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command given");
        }
        command = List.copyOf(command);
        environment = List.copyOf(environment);
    }

    public static ExecRequest of(ContainerSpec spec) {
        return new ExecRequest(spec.command(), spec.environment(), spec.workingDirectory(),
                spec.interactive(), spec.tty());
    }
}

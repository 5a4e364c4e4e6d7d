package org.racker.runtime.exec;

import java.util.List;

/**
 * One command to run inside a container, with docker's exec/run options.
 *
 * @param user docker's {@code USER[:GROUP]} (names or ids); null or empty for root
 */
public record ExecRequest(
        List<String> command,
        List<EnvironmentVariable> environment,
        String workingDirectory,
        String user,
        boolean interactive,
        boolean tty) {

    public ExecRequest {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command given");
        }
        command = List.copyOf(command);
        user = user == null || user.isEmpty() ? null : user;
        environment = List.copyOf(environment);
    }
}

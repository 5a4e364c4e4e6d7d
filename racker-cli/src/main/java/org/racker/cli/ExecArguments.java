package org.racker.cli;

import java.util.List;

/**
 * What a {@code racker exec} line asks for, however it was parsed: by picocli
 * ({@link ExecCommand}) or by {@link QuickExecLine}.
 *
 * @param environment the {@code -e} values as given ({@code NAME=VALUE} or {@code NAME})
 */
record ExecArguments(
        String container,
        List<String> command,
        List<String> environment,
        String workingDirectory,
        String user,
        boolean interactive,
        boolean tty,
        boolean detach) {

    ExecArguments {
        command = List.copyOf(command);
        environment = List.copyOf(environment);
    }
}

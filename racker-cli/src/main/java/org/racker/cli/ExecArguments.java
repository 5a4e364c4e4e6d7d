package org.racker.cli;

import java.nio.file.Path;
import java.util.List;
import org.racker.EventLog;
import org.racker.api.Command;
import org.racker.api.Containers;
import org.racker.api.Racker;

/**
 * What a {@code racker exec} line asks for, however it was parsed: by picocli
 * ({@link ExecCommand}) or by {@link QuickExecLine}; {@link #run} does it. (The running is
 * here, not in a class of its own, because exec is the command scripts call most: one class
 * fewer to load at every call.)
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

    /** Runs the command in the container of {@code root}: the command's exit status is racker's. */
    int run(Path root, EventLog log) throws Exception {
        Command c = Command.of(command).withWorkingDirectory(workingDirectory).withUser(user).withTty(tty)
                .withInteractive(interactive);
        for (String e : environment) {
            c = c.withEnvEntry(e);
        }
        Containers containers = Racker.builder().root(root).eventLog(log).build().containers();
        if (detach) {
            containers.execDetached(container, c);
            return ExitCodes.OK;
        }
        return containers.execInheritingIo(container, c);
    }
}

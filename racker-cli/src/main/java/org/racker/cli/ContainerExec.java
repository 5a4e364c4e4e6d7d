package org.racker.cli;

import java.nio.file.Path;
import org.racker.InvalidArgumentException;
import org.racker.api.Command;
import org.racker.api.Container;
import org.racker.api.Racker;
import org.racker.runtime.EnvironmentVariable;
import org.racker.EventLog;

/** What {@code racker exec} does once its line is parsed: the command's exit status is racker's. */
final class ContainerExec {
    private ContainerExec() { }

    static int run(ExecArguments args, Path root, EventLog log) throws Exception {
        String workdir = args.workingDirectory();
        if (workdir != null && !workdir.startsWith("/")) {
            throw new InvalidArgumentException("the working directory must be absolute: " + workdir);
        }
        Command command = Command.of(args.command()).withWorkingDirectory(workdir).withUser(args.user())
                .withTty(args.tty()).withInteractive(args.interactive());
        for (String e : args.environment()) {
            // -e NAME alone passes the host's value, or nothing when the host has none
            java.util.Optional<EnvironmentVariable> var = EnvironmentVariable.parse(e, System.getenv());
            if (var.isPresent()) {
                command = command.withEnv(var.get().name(), var.get().value());
            }
        }
        Container container = Racker.builder().root(root).eventLog(log).build().attach(args.container());
        if (args.detach()) {
            if (args.interactive() || args.tty()) {
                throw new InvalidArgumentException("exec -d runs the command without a terminal or input: leave out -i and -t");
            }
            container.execDetached(command);
            return ExitCodes.OK;
        }
        return container.execInheritingIo(command);
    }
}

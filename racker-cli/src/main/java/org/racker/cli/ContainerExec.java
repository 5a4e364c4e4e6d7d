package org.racker.cli;

import java.nio.file.Path;
import org.racker.EventLog;
import org.racker.api.Command;
import org.racker.api.Containers;
import org.racker.api.Racker;

/** What {@code racker exec} does once its line is parsed: the command's exit status is racker's. */
final class ContainerExec {
    private ContainerExec() { }

    static int run(ExecArguments args, Path root, EventLog log) throws Exception {
        Command command = Command.of(args.command()).withWorkingDirectory(args.workingDirectory())
                .withUser(args.user()).withTty(args.tty()).withInteractive(args.interactive());
        for (String e : args.environment()) {
            command = command.withEnvEntry(e);
        }
        Containers containers = Racker.builder().root(root).eventLog(log).build().containers();
        if (args.detach()) {
            containers.execDetached(args.container(), command);
            return ExitCodes.OK;
        }
        return containers.execInheritingIo(args.container(), command);
    }
}

package org.racker.cli;

import org.racker.api.RunOptions;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code racker create}: {@code run}'s options and checks, the image pulled, the container
 * kept as "Created" for a later {@code start}, which boots it detached.
 */
public final class CreateCommand extends RunCommand {
    CreateCommand(RackerCommand parent) {
        super(parent);
    }

    @Override
    CommandSpec model() {
        return model("create", "Create a new container, to be started with racker start.",
                "Takes run's options; the container starts detached.");
    }

    @Override
    public Integer call() throws Exception {
        RunOptions options = options();
        String id = racker(ContainerArgs.log(parent)).runs().create(options);
        parent.spec.commandLine().getOut().println(id);
        parent.spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}

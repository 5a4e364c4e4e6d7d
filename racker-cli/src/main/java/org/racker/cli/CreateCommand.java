package org.racker.cli;

import org.racker.InvalidArgumentException;
import org.racker.runtime.ContainerRunner;
import org.racker.runtime.ContainerSpec;
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
        StderrEventLog log = ContainerArgs.log(parent);
        if (vm) {
            throw new InvalidArgumentException("create --vm is not supported yet: use racker run -d --vm");
        }
        if (tty) {
            throw new InvalidArgumentException("racker start does not attach a terminal yet: leave out -t, and use"
                    + " racker exec -it once it runs");
        }
        ContainerSpec spec = toSpec(log, true);
        String id = new ContainerRunner(parent.global.root, log).create(spec);
        parent.spec.commandLine().getOut().println(id);
        parent.spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
